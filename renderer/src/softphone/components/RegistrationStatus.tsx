import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { softphoneErrorKey, softphoneErrorKeyOf } from '../errorKeys';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

/**
 * The phone line as main reports it. main only says "registered" while the
 * last REGISTER's 200 is within its expiry; this shows exactly that, with the
 * time left or the time to the next attempt.
 */
export function RegistrationStatus() {
  const { t, i18n } = useTranslation();
  const { registration, registrationError, register } = useTandemStore(
    useShallow((state) => ({ registration: state.registration, registrationError: state.registrationError, register: state.register })),
  );
  const deadline =
    registration === null
      ? null
      : registration.state === 'registered'
        ? registration.expiresAt
        : registration.state === 'backoff'
          ? registration.nextRetryAt
          : null;
  const now = useNow('second', deadline !== null);

  const state = registration?.state;
  const detail = (() => {
    if (registration === null || deadline === null) return null;
    const left = deadline - now;
    if (registration.state === 'registered') return t('softphone.registration.expires', { time: formatDuration(left, i18n.language) });
    return left > 0 ? t('softphone.registration.retry', { time: formatDuration(left, i18n.language) }) : t('softphone.registration.retrySoon');
  })();
  const canRegister = state === 'unregistered' || state === 'backoff' || state === 'credentials-rejected' || state === 'certificate-rejected';

  return (
    <div className="registration" data-state={state ?? 'unknown'}>
      <div role="status" aria-label={t('softphone.registration.label')} className="registration-status">
        <span className="registration-dot" aria-hidden="true" />
        <span className="registration-state">{state === undefined ? t('softphone.registration.loading') : t(`softphone.registration.state.${state}`)}</span>
        {/* The countdown ticks every second: kept out of the announcements, the state change is what matters. */}
        {detail !== null && (
          <span className="registration-detail" aria-live="off">
            {detail}
          </span>
        )}
        {state === 'credentials-rejected' && <span className="registration-explain">{t('softphone.registration.credentialsRejected')}</span>}
        {state === 'certificate-rejected' && (
          <span className="registration-explain">{t('softphone.registration.certificateRejected', { code: registration?.certificateError ?? '?' })}</span>
        )}
        {state === 'backoff' && registration?.lastErrorKey != null && (
          <span className="registration-explain">{t(softphoneErrorKey(registration.lastErrorKey))}</span>
        )}
      </div>
      {canRegister && (
        <button type="button" className="button button-small" onClick={() => void register()}>
          {t('softphone.registration.register')}
        </button>
      )}
      {registrationError !== null && (
        <p role="alert" className="inline-error">
          {t('softphone.registration.failed', { reason: t(softphoneErrorKeyOf(registrationError)) })}
        </p>
      )}
    </div>
  );
}
