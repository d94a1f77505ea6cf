import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { CallInfo } from '@tandem/contract';
import { partyLines } from '../../softphone/partyText';
import { useTandemStore } from '../../store/useTandemStore';
import { displayText, isolatedLtr } from '../../ui/safeText';
import { callAnnouncements, newAnnouncementMemory, type CallAnnouncement } from '../callAnnouncements';
import { matchedCustomer } from '../ringingIdentity';

/**
 * The desk's one live region for calls: "Incoming call from NAME", "Call on hold", "Call ended". Assertive: a
 * ringing phone is worth interrupting whatever the screen reader was saying. Always in the DOM, so the first
 * announcement is heard; each message is a new node, so the same words twice (two calls ending) are said twice.
 */
export function CallAnnouncements() {
  const { t } = useTranslation();
  const source = useTandemStore(
    useShallow((state) => ({ calls: state.calls, contextCall: state.contextCall, contextStatus: state.contextStatus, customerContext: state.customerContext })),
  );
  const memory = useRef(newAnnouncementMemory());
  const [said, setSaid] = useState<{ readonly serial: number; readonly text: string } | null>(null);

  useEffect(() => {
    // The screen pop takes the newest ringing call; until it has answered for it, wait, to say the customer's name.
    const newest = source.calls.filter((call) => call.direction === 'inbound' && call.state === 'ringing').sort((a, b) => b.startedAt - a.startedAt)[0];
    const popped = (call: CallInfo) => source.contextCall?.id === call.id && source.contextStatus !== 'loading';
    const callerOf = (call: CallInfo): string | undefined => {
      if (call.id === newest?.id && call.consultFor === null && !popped(call)) return undefined;
      const customer = matchedCustomer(source, call.id);
      if (customer !== null) return displayText(customer.customer.name);
      const { name, address } = partyLines(call.remote);
      if (name === '') return t('ringing.unknownCaller');
      return address === '' ? isolatedLtr(name) : name;
    };
    const text = (announcement: CallAnnouncement): string => {
      switch (announcement.kind) {
        case 'incoming':
          return t('ringing.announce.incoming', { name: announcement.caller });
        case 'held':
          return t('ringing.announce.held');
        case 'ended':
          return t('ringing.announce.ended');
      }
    };
    const latest = callAnnouncements(memory.current, source.calls, callerOf).at(-1);
    if (latest !== undefined) setSaid((previous) => ({ serial: (previous?.serial ?? 0) + 1, text: text(latest) }));
  }, [source, t]);

  return (
    <div className="visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="call-announcements">
      {said !== null && <span key={said.serial}>{said.text}</span>}
    </div>
  );
}
