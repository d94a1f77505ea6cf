import { useTandemStore } from '../../store/useTandemStore';
import { InertText } from '../../ui/InertText';
import { callerLabel } from '../callerLabel';

/**
 * The other party of a call as a team lead reads it (callerLabel): the team's
 * name for the customer when there is one, else the number as the
 * supervisor's region writes it, never the SIP server's host. A name is the
 * customer's own words (any script, so its direction is guessed); a number
 * reads left to right in every language, isolated so an Arabic sentence
 * around it cannot reorder its digits (the element form of safeText's
 * isolatedLtr).
 */
export function CallerText({ party, customerName }: { readonly party: string; readonly customerName: string | null }) {
  const defaultRegion = useTandemStore((state) => state.settings?.sip?.defaultRegion ?? 'ZZ');
  const caller = callerLabel(party, customerName, defaultRegion);
  return caller.kind === 'name' ? <InertText text={caller.text} /> : <InertText dir="ltr" text={caller.text} />;
}
