import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CallInfo } from '@tandem/contract';
import { afterNextPaint } from '../../dom/afterNextPaint';
import { isTextEntry } from '../../dom/textEntry';
import { useTandemStore } from '../../store/useTandemStore';
import { softphoneErrorKeyOf } from '../errorKeys';
import { Keypad } from './Keypad';
import { partyLines } from '../partyText';
import { TransferForm } from './TransferForm';
import { TransferRequestPrompt } from './TransferRequestPrompt';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

const LIVE = new Set<CallInfo['state']>(['dialing', 'ringing', 'connecting', 'active', 'held']);

function stateKey(call: CallInfo) {
  if (call.state === 'ringing') return call.direction === 'inbound' ? 'softphone.call.state.incoming' : 'softphone.call.state.ringing';
  return `softphone.call.state.${call.state}` as const;
}

/** One call: who, its state and time, and the controls its state allows. */
export function CallItem({ call }: { readonly call: CallInfo }) {
  const { t, i18n } = useTranslation();
  const nameId = useId();
  const addressId = useId();
  const answerRef = useRef<HTMLButtonElement>(null);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const [transferOpen, setTransferOpen] = useState(false);
  const actions = useTandemStore(
    useShallow((state) => ({
      answer: state.answer,
      decline: state.decline,
      hangup: state.hangup,
      hold: state.hold,
      resume: state.resume,
      setMuted: state.setMuted,
      sendDtmf: state.sendDtmf,
      blindTransfer: state.blindTransfer,
      consult: state.consult,
      completeTransfer: state.completeTransfer,
      dismissCallError: state.dismissCallError,
      answerTransferRequest: state.answerTransferRequest,
    })),
  );
  const transferRequest = useTandemStore((state) => state.transferRequests[call.id] ?? null);
  const error = useTandemStore((state) => state.callErrors[call.id] ?? null);
  // The consultation leg of an attended transfer of this call, once it is talking.
  const consultCallId = useTandemStore(
    (state) => state.calls.find((other) => other.consultFor === call.id && (other.state === 'active' || other.state === 'held'))?.id ?? null,
  );

  // The transfer shortcut opens this call's transfer box and puts the cursor in it.
  const transferAsk = useTandemStore((state) => (state.focusAsk?.kind === 'transfer' && state.focusAsk.callId === call.id ? state.focusAsk.serial : null));
  const [seenTransferAsk, setSeenTransferAsk] = useState(transferAsk);
  if (transferAsk !== seenTransferAsk) {
    setSeenTransferAsk(transferAsk);
    if (transferAsk !== null) setTransferOpen(true);
  }

  const incoming = call.direction === 'inbound' && call.state === 'ringing';
  const talking = call.state === 'active' || call.state === 'held';
  const now = useNow('second', LIVE.has(call.state));
  const party = partyLines(call.remote);
  // The customer the screen pop matched, by name (the number moves to the second line): who, not `2001@12…`.
  // Read through the store (the softphone uses no feature above it): the panel's customer, when the panel is this call's.
  const customerName = useTandemStore((state) =>
    state.contextCall?.id === call.id && state.contextStatus === 'known' ? (state.customerContext?.customer.name ?? null) : null,
  );
  const { name, address } = customerName === null ? party : { name: customerName, address: party.address === '' ? party.name : party.address };
  const held = call.state === 'held' && call.heldAt !== null;

  // A ringing call puts Answer under the agent's hand (Enter or Space picks up), unless the agent is typing:
  // then the keys keep going where they were. After the frame that shows the call and once the caller's screen
  // pop has painted too, because focusing forces a layout (and runs focus handlers) that would otherwise delay
  // them: a first ring's reads answer just after the ringing row's frame.
  const afterScreenPop = useTandemStore((state) => state.afterScreenPop);
  useEffect(() => {
    const button = answerRef.current;
    const win = button?.ownerDocument.defaultView;
    if (!incoming || !button || !win) return;
    let cancelled = false;
    void afterNextPaint(win)
      .then(afterScreenPop)
      .then(() => {
        if (!cancelled && button.isConnected && !isTextEntry(button.ownerDocument.activeElement)) button.focus();
      });
    return () => {
      cancelled = true;
    };
  }, [incoming, afterScreenPop]);
  // The pad and the transfer form only make sense while talking; they close by themselves otherwise.
  const showKeypad = keypadOpen && call.state === 'active';
  const showTransfer = transferOpen && talking;

  return (
    <li className="call" data-state={call.state} data-direction={call.direction} aria-labelledby={address === '' ? nameId : `${nameId} ${addressId}`}>
      <div className="call-head">
        <div className="call-party">
          {/* Network text: rendered as text, direction isolated, cut visually with the full text on hover. */}
          {/* Without a display name the number takes the name line: then it is left to right too. */}
          <bdi id={nameId} className="call-name" title={name} dir={address === '' && name !== '' ? 'ltr' : undefined}>
            {name === '' ? t('softphone.call.unknownParty') : name}
          </bdi>
          {address !== '' && (
            <bdi id={addressId} className="call-address" title={address} dir="ltr">
              {address}
            </bdi>
          )}
        </div>
        <div className="call-meta">
          <span className="call-state">{t(stateKey(call))}</span>
          {call.consultFor !== null && <span className="call-tag">{t('softphone.call.consult')}</span>}
          {call.muted && <span className="call-tag call-tag-muted">{t('softphone.call.muted')}</span>}
          <time className="call-timer" aria-label={t('softphone.call.duration')}>
            {formatDuration(now - (call.answeredAt ?? call.startedAt), i18n.language)}
          </time>
          {/* Counts from main's confirmation of the hold (the re-INVITE's answer), not from the click. */}
          {held && (
            <span className="call-tag call-tag-hold" role="timer" aria-label={t('softphone.call.holdTime')}>
              {t('softphone.call.heldFor', { time: formatDuration(now - (call.heldAt ?? now), i18n.language) })}
            </span>
          )}
        </div>
      </div>

      <div className="call-actions">
        {/* First in the row in every state (dialling, talking, on hold): the agent's hand finds it without looking. */}
        {LIVE.has(call.state) && !incoming && (
          <button type="button" className="button button-danger" onClick={() => void actions.hangup(call.id)}>
            {t('softphone.actions.hangup')}
          </button>
        )}
        {incoming && (
          <>
            <button ref={answerRef} type="button" className="button button-ok" onClick={() => void actions.answer(call.id)}>
              {t('softphone.actions.answer')}
            </button>
            <button type="button" className="button button-danger" onClick={() => void actions.decline(call.id)}>
              {t('softphone.actions.decline')}
            </button>
          </>
        )}
        {call.state === 'active' && (
          <button type="button" className="button" onClick={() => void actions.hold(call.id)}>
            {t('softphone.actions.hold')}
          </button>
        )}
        {call.state === 'held' && (
          <button type="button" className="button" onClick={() => void actions.resume(call.id)}>
            {t('softphone.actions.resume')}
          </button>
        )}
        {talking && (
          <button type="button" className="button" aria-pressed={call.muted} onClick={() => void actions.setMuted(call.id, !call.muted)}>
            {call.muted ? t('softphone.actions.unmute') : t('softphone.actions.mute')}
          </button>
        )}
        {call.state === 'active' && (
          <button type="button" className="button" aria-expanded={showKeypad} onClick={() => setKeypadOpen(!showKeypad)}>
            {t('softphone.actions.keypad')}
          </button>
        )}
        {talking && call.consultFor === null && (
          <button type="button" className="button" aria-expanded={showTransfer} onClick={() => setTransferOpen(!showTransfer)}>
            {t('softphone.actions.transfer')}
          </button>
        )}
        {consultCallId !== null && (
          <button type="button" className="button button-primary" onClick={() => void actions.completeTransfer(call.id, consultCallId)}>
            {t('softphone.transfer.complete')}
          </button>
        )}
      </div>

      {showKeypad && <Keypad onPress={(key) => void actions.sendDtmf(call.id, key)} />}
      {showTransfer && (
        <TransferForm
          focusAsk={transferAsk}
          onBlind={(target) => actions.blindTransfer(call.id, target)}
          onConsult={(target) => actions.consult(call.id, target)}
          onClose={() => setTransferOpen(false)}
        />
      )}
      {transferRequest !== null && (
        <TransferRequestPrompt
          request={transferRequest}
          party={name === '' ? t('softphone.call.unknownParty') : name}
          onAnswer={(accept) => void actions.answerTransferRequest(call.id, transferRequest.id, accept)}
        />
      )}
      {error !== null && (
        <div role="alert" className="inline-error call-error">
          <span>{t(softphoneErrorKeyOf(error))}</span>
          <button type="button" className="button button-quiet button-small" onClick={() => actions.dismissCallError(call.id)}>
            {t('softphone.actions.dismiss')}
          </button>
        </div>
      )}
    </li>
  );
}
