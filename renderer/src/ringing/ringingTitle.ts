import type { TFunction } from 'i18next';
import { displayText } from '../softphone/partyText';

/** Cut in the title: a taskbar button shows thirty characters at most, and a hostile name must not fill the bar. */
const MAX_TITLE_NAME = 60;

/** Who is calling, as the title names them: a name, or a number or address (which reads left to right in every language). */
export interface TitleCaller {
  readonly text: string;
  readonly isAddress: boolean;
}

/**
 * The window title: the app's name, or while a call rings in "Incoming call — NAME · Tandem", so the agent
 * sees who calls from the taskbar, the window switcher and a screen reader's window list before looking at
 * the desk. NAME is the matched customer's name, else the caller as the network named them. Text from the
 * network is made safe first (controls and bidi overrides removed, length capped); a number is isolated left
 * to right, so an Arabic title does not turn "+1 212" into "212 1+".
 */
export function ringingTitle(t: TFunction, caller: TitleCaller | null): string {
  const app = t('app.name');
  if (caller === null) return app;
  const clean = displayText(caller.text.trim(), MAX_TITLE_NAME);
  const name = clean === '' ? t('ringing.unknownCaller') : caller.isAddress ? `\u2066${clean}\u2069` : clean;
  return t('ringing.windowTitle', { name, app });
}
