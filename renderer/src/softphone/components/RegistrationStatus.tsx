import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { softphoneErrorKey, softphoneErrorKeyOf } from '../errorKeys';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { phoneWord, retryCountdown, TONE_OF } from '../../ui/stateWords';

/**
 * The phone line as main reports it, in the header's words (ui/stateWords.ts):
 * "Registered" while main says so (the last REGISTER's 200 is within its
 * expiry), and nothing ticks, except "Retrying in 0:05" while a retry is due.
 */
export function RegistrationStatus() {
  const { t, i18n } = useTranslation();
  const { registration, connection, hasLine, registrationError, register } = useTandemStore(
    useShallow((state) => ({
      registration: state.registration,
      connection: state.connection,
      hasLine: state.settings === null || state.settings.sip !== null,
      registrationError: state.registrationError,
      register: state.register,
    })),
  );
  const state = registration?.state;
  const word = phoneWord(registration?.state ?? null, connection, hasLine && state !== 'unconfigured');
  const retrying = word === 'retrying' && registration?.nextRetryAt != null;
  const now = useNow('second', retrying);
  const left = retryCountdown(word, registration?.nextRetryAt ?? null, now);
  const shown = left === null ? t(`states.word.${word}`) : left > 0 ? t('states.retryIn', { time: formatDuration(left, i18n.language) }) : t('states.retryNow');
  const canRegister = state === 'unregistered' || state === 'backoff' || state === 'credentials-rejected' || state === 'certificate-rejected';

  return (
    <div className="registration" data-state={state ?? 'unknown'} data-tone={TONE_OF[word]}>
      <div role="status" aria-label={t('softphone.registration.label')} className="registration-status">
        <span className="registration-dot" aria-hidden="true" />
        {/* While retrying the countdown ticks every second: kept out of the announcements, the state change is what matters. */}
        <span className="registration-state" aria-live={left === null ? undefined : 'off'}>
          {shown}
        </span>
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
