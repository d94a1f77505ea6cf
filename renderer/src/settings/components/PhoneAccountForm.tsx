import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SipAccountInput, type ContractError, type PublicSettings, type RegistrationStatus } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { PHONE_FIELDS, type PhoneField } from '../accountErrors';
import { SaveOutcome } from './SaveOutcome';
import { PhoneRegistrationOutcome } from './PhoneRegistrationOutcome';

type Draft = Record<PhoneField, string>;

const draftOf = (sip: PublicSettings['sip']): Draft => ({
  server: sip?.server ?? '',
  uri: sip?.uri ?? '',
  authorizationUser: sip?.authorizationUser ?? '',
  password: '',
  displayName: sip?.displayName ?? '',
  defaultRegion: sip?.defaultRegion ?? 'US',
});

/**
 * The SIP account, typed by the agent. It is checked with the contract's own
 * schema before it leaves the page; the password goes to main's secret store
 * (safeStorage in Electron) and is never shown again — left empty, the stored
 * one is kept. After a save the form waits for the server's answer to the
 * REGISTER and says what it was (PhoneRegistrationOutcome), never "Saved."
 * before the server answered.
 */
export function PhoneAccountForm() {
  const { t } = useTranslation();
  const headingId = useId();
  const sip = useTandemStore((state) => state.settings?.sip ?? null);
  const save = useTandemStore((state) => state.saveSipAccount);
  const registration = useTandemStore((state) => state.registration);
  const [draft, setDraft] = useState<Draft>(() => draftOf(sip));
  const [invalid, setInvalid] = useState<ReadonlySet<PhoneField>>(new Set());
  const [refusal, setRefusal] = useState<ContractError | null>(null);
  /** The registration seen when Save was pressed, once main kept the account: what the server says next is the answer. */
  const [savedFrom, setSavedFrom] = useState<{ readonly before: RegistrationStatus | null } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = {
      server: draft.server.trim(),
      uri: draft.uri.trim(),
      ...(draft.authorizationUser.trim() === '' ? {} : { authorizationUser: draft.authorizationUser.trim() }),
      ...(draft.password === '' ? {} : { password: draft.password }),
      displayName: draft.displayName.trim(),
      defaultRegion: draft.defaultRegion.trim().toUpperCase(),
    };
    const parsed = SipAccountInput.safeParse(candidate);
    if (!parsed.success) {
      setInvalid(new Set(parsed.error.issues.map((issue) => issue.path[0]).filter((key): key is PhoneField => PHONE_FIELDS.includes(key as PhoneField))));
      setSavedFrom(null);
      return;
    }
    setInvalid(new Set());
    const before = registration;
    setSavedFrom(null);
    void save(parsed.data).then((error) => {
      setRefusal(error);
      setSavedFrom(error === null ? { before } : null);
      if (error === null) setDraft((current) => ({ ...current, password: '' }));
    });
  };

  return (
    <form className="account-form" aria-labelledby={headingId} onSubmit={submit} noValidate>
      <h3 id={headingId} className="account-title">
        {t('accounts.phone.title')}
      </h3>
      {PHONE_FIELDS.map((field) => (
        <PhoneInput
          key={field}
          field={field}
          value={draft[field]}
          invalid={invalid.has(field)}
          placeholder={field === 'password' && sip?.hasPassword === true ? t('accounts.phone.passwordKept') : ''}
          onChange={(value) => setDraft((current) => ({ ...current, [field]: value }))}
        />
      ))}
      <SaveOutcome refusal={refusal} saved={false} />
      {refusal === null && savedFrom !== null && <PhoneRegistrationOutcome before={savedFrom.before} />}
      <button type="submit" className="button button-small">
        {t('accounts.phone.save')}
      </button>
    </form>
  );
}

interface PhoneInputProps {
  readonly field: PhoneField;
  readonly value: string;
  readonly invalid: boolean;
  readonly placeholder: string;
  readonly onChange: (value: string) => void;
}

function PhoneInput({ field, value, invalid, placeholder, onChange }: PhoneInputProps) {
  const { t } = useTranslation();
  const id = useId();
  const hintId = useId();
  return (
    <div className="field account-field">
      <label className="field-label" htmlFor={id}>
        {t(`accounts.phone.fields.${field}`)}
      </label>
      <input
        id={id}
        className="field-input"
        type={field === 'password' ? 'password' : 'text'}
        // Servers, SIP addresses and user names are left to right; a display name follows its own text.
        dir={field === 'displayName' ? 'auto' : 'ltr'}
        autoComplete={field === 'password' ? 'new-password' : 'off'}
        spellCheck={false}
        value={value}
        placeholder={placeholder}
        aria-invalid={invalid}
        aria-describedby={invalid ? hintId : undefined}
        onChange={(event) => onChange(event.currentTarget.value)}
      />
      {invalid && (
        <span id={hintId} className="field-error">
          {t(`accounts.phone.invalid.${field}`)}
        </span>
      )}
    </div>
  );
}
