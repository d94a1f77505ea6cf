import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PendingVerification } from '@tandem/contract';
import { normaliseHandle } from '../../customers/identityValue';
import { linkStatus, type Identity } from '../../customers/model';
import { liveContextCall } from '../contextSelectors';
import { displayText, isolatedLtr, safeExternalUrl } from '../../ui/safeText';
import { useTandemStore } from '../../store/useTandemStore';
import { formatClock, formatNumber, formatTime } from '../../ui/format';
import { InertText } from '../../ui/InertText';
import { ClampedText } from './ContextText';
import { CallPrivateMessage } from '../../social/components/CallPrivateMessage';

const isSocial = (identity: Identity) => identity.kind === 'bluesky';

/**
 * The customer's identities, in three lists that never mix: social accounts
 * the customer proved are theirs (profile, bio, reach), social handles only
 * recorded by an agent or claimed by an account that sent the customer's
 * number privately (each with the word "unverified", who claimed it, and a
 * way to verify), and phone numbers / addresses.
 */
export function IdentitySection({ identities }: { readonly identities: readonly Identity[] }) {
  const { t } = useTranslation();
  const verified = identities.filter((identity) => isSocial(identity) && linkStatus(identity) === 'verified');
  const unverified = identities.filter((identity) => isSocial(identity) && linkStatus(identity) !== 'verified');
  const phones = identities.flatMap((identity) => (identity.kind === 'phone' ? [identity.value] : []));
  const contact = identities.filter((identity) => !isSocial(identity));
  return (
    <>
      <ContextSection title={t('identity.verifiedTitle')} className="context-verified">
        {verified.length === 0 ? (
          <p className="context-muted">{t('identity.noneVerified')}</p>
        ) : (
          <ul className="context-list">
            {verified.map((identity) => (
              <VerifiedIdentity key={identity.id} identity={identity} />
            ))}
          </ul>
        )}
      </ContextSection>
      {unverified.length > 0 && (
        <ContextSection title={t('identity.unverifiedTitle')} className="context-unverified">
          <ul className="context-list">
            {unverified.map((identity) => (
              <UnverifiedIdentity key={identity.id} identity={identity} customerPhones={phones} />
            ))}
          </ul>
        </ContextSection>
      )}
      <AddHandleForm />
      {contact.length > 0 && (
        <ContextSection title={t('identity.contactTitle')} className="context-contact">
          <ul className="context-list">
            {contact.map((identity) => (
              <li key={identity.id} className="context-identity">
                <span className="context-kind">{t(`identity.kind.${identity.kind}`)}</span> <InertText text={identity.value} dir="ltr" />
                <UnlinkButton identity={identity} />
              </li>
            ))}
          </ul>
        </ContextSection>
      )}
    </>
  );
}

/** A titled part of the panel: a named region, so assistive tech (and tests) can find what is in it. */
export function ContextSection({ title, className, children }: { readonly title: string; readonly className: string; readonly children: React.ReactNode }) {
  const headingId = useId();
  return (
    <section className={`context-section ${className}`} aria-labelledby={headingId}>
      <h3 id={headingId} className="context-section-title">
        {title}
      </h3>
      {children}
    </section>
  );
}

function VerifiedIdentity({ identity }: { readonly identity: Identity }) {
  const { t, i18n } = useTranslation();
  // Issue 15 item 4: during a call, a private message to the account the customer proved is theirs (never to a claimed one).
  const onCall = useTandemStore((state) => liveContextCall(state) !== null);
  const profile = identity.profile;
  const avatar = profile?.avatarUrl == null ? null : safeExternalUrl(profile.avatarUrl);
  return (
    <li className="context-identity context-identity-verified">
      <div className="context-profile">
        {avatar !== null && <img className="context-avatar" src={avatar} alt="" width={40} height={40} referrerPolicy="no-referrer" loading="lazy" />}
        <div className="context-profile-text">
          {profile !== null && profile.displayName !== '' && <ClampedText text={profile.displayName} lines={1} className="context-display-name" />}
          <span className="context-handle">
            <InertText text={`@${identity.value}`} />
          </span>
          <span className="context-badge context-badge-verified">
            <CheckIcon /> {t('identity.verified')}
          </span>
        </div>
      </div>
      {profile !== null && profile.description !== '' && <ClampedText text={profile.description} lines={3} className="context-bio" />}
      <p className="context-muted">
        {profile?.followers != null && (
          <span className="context-reach">
            {t('identity.reach', { count: profile.followers, formatted: formatNumber(profile.followers, i18n.language) })} ·{' '}
          </span>
        )}
        {identity.verifiedHow !== null && t(`identity.how.${identity.verifiedHow}`)}
        {identity.verifiedAt !== null && ` · ${formatTime(identity.verifiedAt, i18n.language)}`}
        {identity.verifiedBy !== undefined && ` · ${t('identity.verifiedBy', { name: identity.verifiedBy.name })}`}
      </p>
      {onCall && identity.did !== null && <CallPrivateMessage author={{ network: identity.kind, did: identity.did, handle: identity.value }} />}
      <UnlinkButton identity={identity} />
    </li>
  );
}

/**
 * A handle that is not proven. A claimed one (an account sent the customer's
 * number privately) says who claimed it, and can be verified only on a call
 * from the claimed number: the code must travel between that number and the
 * claiming account, one way or the other.
 */
function UnverifiedIdentity({ identity, customerPhones }: { readonly identity: Identity; readonly customerPhones: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const pending = useTandemStore((state) =>
    state.pendingVerifications.find((p) => p.customerId === identity.customerId && normaliseHandle(p.handle) === identity.value),
  );
  const startVerification = useTandemStore((state) => state.startVerification);
  const cancelVerification = useTandemStore((state) => state.cancelVerification);
  const callNumber = useTandemStore((state) => liveContextCall(state)?.remote.number ?? null);
  const claim = identity.claim;
  // Before the desk kept the claimed number (a downgraded link), any of the customer's own numbers binds it.
  const bindsClaim = claim === undefined || (callNumber !== null && (claim.phone === null ? customerPhones.includes(callNumber) : claim.phone === callNumber));
  return (
    <li className={`context-identity context-identity-unverified context-identity-${linkStatus(identity)}`}>
      <span className="context-handle">
        <InertText text={`@${identity.value}`} />
      </span>{' '}
      <span className="context-badge context-badge-unverified">{t('identity.unverified')}</span>
      {claim !== undefined && (
        <p className="context-claim">
          <InertText text={t('identity.claimedBy', { handle: claim.handle })} /> · {formatTime(claim.at, i18n.language)}
        </p>
      )}
      {identity.downgraded !== undefined && (
        <p className="context-downgraded" role="note">
          {t('identity.downgraded')}
        </p>
      )}
      {pending !== undefined ? (
        <PendingCode pending={pending} onCancel={() => void cancelVerification(pending.verificationId)} />
      ) : bindsClaim ? (
        <div className="context-actions">
          <button type="button" className="button button-small" onClick={() => void startVerification(identity, 'voice')}>
            {t('identity.verifyByVoice')}
          </button>
          <button type="button" className="button button-small" onClick={() => void startVerification(identity, 'private-message')}>
            {t('identity.verifyByMessage')}
          </button>
        </div>
      ) : (
        <p className="context-muted">
          {/* Our sentence around network values: each value cleaned, the number isolated left to right. */}
          {claim?.phone == null
            ? t('identity.claimNeedsOwnNumber', { handle: displayText(claim?.handle ?? identity.value) })
            : t('identity.claimNeedsCall', { phone: isolatedLtr(claim.phone), handle: displayText(claim.handle) })}
        </p>
      )}
      <UnlinkButton identity={identity} />
    </li>
  );
}

/** "123456" → "123 456": easier to read out. */
export const spacedCode = (code: string) => code.replace(/^(\d{3})(\d{3})$/, '$1 $2');

function PendingCode({ pending, onCancel }: { readonly pending: PendingVerification; readonly onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  const expires = formatClock(pending.expiresAt, i18n.language);
  if (pending.delivery === 'private-message') return <ReadBackCode pending={pending} expires={expires} onCancel={onCancel} />;
  return (
    <div className="context-code" role="status">
      <p className="context-code-line">
        {t('identity.readCode')} <strong className="context-code-digits">{spacedCode(pending.code)}</strong>
      </p>
      <p className="context-muted">{t('identity.codeHelp', { handle: `@${pending.handle}`, time: expires })}</p>
      <button type="button" className="button button-quiet button-small" onClick={onCancel}>
        {t('identity.cancelVerification')}
      </button>
    </div>
  );
}

/**
 * The code went privately to the account; the caller reads it back on the
 * call and the agent types it. The digits are not shown: the agent checks
 * what they hear, they do not say it.
 */
function ReadBackCode({ pending, expires, onCancel }: { readonly pending: PendingVerification; readonly expires: string; readonly onCancel: () => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const [code, setCode] = useState('');
  const [outcome, setOutcome] = useState<'wrong-code' | 'no-call' | 'expired' | null>(null);
  const confirm = useTandemStore((state) => state.confirmVerificationCode);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (code.trim() === '') return;
    const answer = await confirm(pending.verificationId, code);
    setOutcome(answer === 'proven' || answer === null ? null : answer);
  };
  return (
    <form className="context-code" onSubmit={(event) => void submit(event)}>
      <p className="context-muted" role="status">
        <InertText text={t('identity.codeSentHelp', { handle: `@${pending.handle}`, time: expires })} />
      </p>
      <label htmlFor={inputId} className="context-label">
        {t('identity.readBackLabel')}
      </label>
      <input
        id={inputId}
        value={code}
        inputMode="numeric"
        autoComplete="off"
        maxLength={16}
        aria-invalid={outcome !== null}
        onChange={(event) => setCode(event.target.value)}
      />
      <button type="submit" className="button button-small">
        {t('identity.checkCode')}
      </button>
      <button type="button" className="button button-quiet button-small" onClick={onCancel}>
        {t('identity.cancelVerification')}
      </button>
      {outcome !== null && (
        <p className="context-error" role="alert">
          {t(`identity.readBack.${outcome}`)}
        </p>
      )}
    </form>
  );
}

function UnlinkButton({ identity }: { readonly identity: Identity }) {
  const { t } = useTranslation();
  const unlink = useTandemStore((state) => state.unlinkIdentity);
  return (
    <button
      type="button"
      className="button button-quiet button-small context-unlink"
      aria-label={t('identity.unlinkNamed', { value: identity.value })}
      onClick={() => void unlink(identity.id)}
    >
      {t('identity.unlink')}
    </button>
  );
}

function AddHandleForm() {
  const { t } = useTranslation();
  const inputId = useId();
  const [handle, setHandle] = useState('');
  const [invalid, setInvalid] = useState(false);
  const addSocialHandle = useTandemStore((state) => state.addSocialHandle);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (handle.trim() === '') return;
    const added = await addSocialHandle(handle);
    setInvalid(!added);
    if (added) setHandle('');
  };
  return (
    <form className="context-inline-form" onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId} className="context-label">
        {t('identity.handleLabel')}
      </label>
      <input
        id={inputId}
        value={handle}
        maxLength={253}
        placeholder={t('identity.handlePlaceholder')}
        aria-invalid={invalid}
        onChange={(event) => setHandle(event.target.value)}
      />
      <button type="submit" className="button button-small">
        {t('identity.add')}
      </button>
      {invalid && (
        <p className="context-error" role="alert">
          {t('identity.invalidHandle')}
        </p>
      )}
    </form>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" />
    </svg>
  );
}
