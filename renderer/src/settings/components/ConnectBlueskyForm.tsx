import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SocialAccountInput, type ContractError } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { accountErrorKey } from '../accountErrors';
import { blueskyCandidate, BLUESKY_FIELDS, DEFAULT_BLUESKY_SERVICE, invalidBlueskyFields, type BlueskyDraft, type BlueskyField } from '../blueskyDraft';

/** Where the dialog is: typing, waiting for the service's answer, or told what the service said. */
type Phase =
  | { readonly kind: 'editing' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'refused'; readonly error: ContractError }
  | { readonly kind: 'connected'; readonly handle: string };

/**
 * The body of "Connect Bluesky" (ConnectBlueskyDialog): handle, service, app
 * password and, for private messages, the chat service. "Test and connect"
 * sends it to main, which logs in on the service for real before it keeps
 * anything; the form shows that answer (connected, refused, unreachable) and
 * nothing before it. The app password is cleared from the page as soon as it
 * is sent.
 */
export function ConnectBlueskyForm({ onDone }: { readonly onDone: () => void }) {
  const { t } = useTranslation();
  const add = useTandemStore((state) => state.addSocialAccount);
  const [draft, setDraft] = useState<BlueskyDraft>({ handle: '', service: DEFAULT_BLUESKY_SERVICE, appPassword: '', chatUrl: '', chatDid: '' });
  const [invalid, setInvalid] = useState<ReadonlySet<BlueskyField>>(new Set());
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = SocialAccountInput.safeParse(blueskyCandidate(draft));
    const wrong = invalidBlueskyFields(draft, parsed.success ? [] : parsed.error.issues);
    setInvalid(wrong);
    if (!parsed.success || wrong.size > 0) return;
    setPhase({ kind: 'checking' });
    setDraft((current) => ({ ...current, appPassword: '' }));
    void add(parsed.data).then((error) => setPhase(error === null ? { kind: 'connected', handle: parsed.data.handle } : { kind: 'refused', error }));
  };

  return (
    <form className="account-form connect-bluesky" onSubmit={submit} noValidate>
      {BLUESKY_FIELDS.map((field) => (
        <BlueskyInput
          key={field}
          field={field}
          value={draft[field]}
          invalid={invalid.has(field) || (field === 'chatDid' && invalid.has('chatUrl'))}
          inputRef={field === 'handle' ? first : undefined}
          onChange={(value) => setDraft((current) => ({ ...current, [field]: value }))}
        />
      ))}
      <Outcome phase={phase} />
      <div className="account-actions">
        <button type="submit" className="button button-small" disabled={phase.kind === 'checking'}>
          {t('accounts.social.connect')}
        </button>
        <button type="button" className="button button-small button-quiet" onClick={onDone}>
          {phase.kind === 'connected' ? t('accounts.close') : t('accounts.social.cancel')}
        </button>
      </div>
    </form>
  );
}

function Outcome({ phase }: { readonly phase: Phase }) {
  const { t } = useTranslation();
  if (phase.kind === 'refused') {
    return (
      <p role="alert" className="account-error">
        {t(accountErrorKey(phase.error))}
      </p>
    );
  }
  // One live region for "checking" and "connected", so the second replaces the first for a screen reader too.
  return (
    <p role="status" className="account-saved">
      {phase.kind === 'checking' && t('accounts.social.checking')}
      {phase.kind === 'connected' && t('accounts.social.connected', { handle: phase.handle })}
    </p>
  );
}

interface BlueskyInputProps {
  readonly field: BlueskyField;
  readonly value: string;
  readonly invalid: boolean;
  readonly inputRef: React.RefObject<HTMLInputElement | null> | undefined;
  readonly onChange: (value: string) => void;
}

function BlueskyInput({ field, value, invalid, inputRef, onChange }: BlueskyInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = useId();
  const hint = field === 'appPassword' ? t('accounts.social.appPasswordHint') : null;
  const error = invalid ? t(field === 'chatUrl' || field === 'chatDid' ? 'accounts.social.invalid.chat' : `accounts.social.invalid.${field}`) : null;
  return (
    <div className="field account-field">
      <label className="field-label" htmlFor={id}>
        {t(`accounts.social.fields.${field}`)}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="field-input"
        type={field === 'appPassword' ? 'password' : field === 'handle' ? 'text' : 'url'}
        // Handles, addresses and DIDs are left to right whatever the desk's language.
        dir="ltr"
        autoComplete={field === 'appPassword' ? 'new-password' : 'off'}
        spellCheck={false}
        value={value}
        aria-invalid={invalid}
        aria-describedby={error !== null || hint !== null ? hintId : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      {(error !== null || hint !== null) && (
        <span id={hintId} className={error === null ? 'field-hint' : 'field-error'}>
          {error ?? hint}
        </span>
      )}
    </div>
  );
}
