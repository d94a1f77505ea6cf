import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TransferRequest } from '@tandem/contract';
import { displayText } from '../partyText';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

/**
 * The far end of this call asked to transfer the agent elsewhere (a REFER that
 * main's policy will not follow on its own): the agent reads who and where,
 * and accepts or declines. main declines by itself when the time runs out and
 * withdraws the question when the call ends; either way this goes away.
 */
export function TransferRequestPrompt({
  request,
  party,
  onAnswer,
}: {
  readonly request: TransferRequest;
  /** Who asks: the call's party as the call shows it. */
  readonly party: string;
  readonly onAnswer: (accept: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const promptId = useId();
  const now = useNow('second');
  return (
    <div className="call-transfer-request" role="group" aria-labelledby={promptId}>
      {/* role=alert: read out as it appears, the agent may be looking elsewhere. Network text, shown as text. */}
      <p id={promptId} role="alert">
        {t('softphone.transferRequest.prompt', { party: displayText(party), target: displayText(request.target) })}
      </p>
      <p className="call-transfer-request-expiry">{t('softphone.transferRequest.expires', { time: formatDuration(request.expiresAt - now, i18n.language) })}</p>
      <div className="call-actions">
        <button type="button" className="button button-ok" onClick={() => onAnswer(true)}>
          {t('softphone.transferRequest.accept')}
        </button>
        <button type="button" className="button button-danger" onClick={() => onAnswer(false)}>
          {t('softphone.transferRequest.decline')}
        </button>
      </div>
    </div>
  );
}
