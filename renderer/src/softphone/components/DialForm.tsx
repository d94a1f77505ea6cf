import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTandemStore } from '../../store/useTandemStore';
import { softphoneErrorKeyOf } from '../errorKeys';
import { DialCombobox } from './DialCombobox';
import { Keypad, type KeypadKey } from './Keypad';

/**
 * The dial box. Enter dials; whatever the agent pastes goes to main as typed
 * (main normalises numbers with libphonenumber; bare digits such as `2001` are
 * an extension on the account's domain). Teammates, recent calls and
 * customers are offered as completions while typing (DialCombobox). With a call connected, the
 * keypad sends its keys to that call as DTMF instead of typing them.
 */
export function DialForm({ inputRef }: { readonly inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const inputId = useId();
  const errorId = useId();
  const [keypadOpen, setKeypadOpen] = useState(false);
  const { dialDraft, dialBusy, dialError, setDialDraft, dial, activeCallId, sendDtmf } = useTandemStore(
    useShallow((state) => ({
      dialDraft: state.dialDraft,
      dialBusy: state.dialBusy,
      dialError: state.dialError,
      setDialDraft: state.setDialDraft,
      dial: state.dial,
      activeCallId: state.calls.find((call) => call.state === 'active')?.id ?? null,
      sendDtmf: state.sendDtmf,
    })),
  );

  // The focus-dial shortcut, pressed anywhere in the desk.
  // An ask made before this form was on screen is not for it.
  const dialAsk = useTandemStore((state) => (state.focusAsk?.kind === 'dial' ? state.focusAsk.serial : null));
  const askOnMount = useRef(dialAsk);
  useEffect(() => {
    if (dialAsk !== null && dialAsk !== askOnMount.current) inputRef.current?.focus();
  }, [dialAsk, inputRef]);

  const press = (key: KeypadKey) => {
    if (activeCallId !== null) void sendDtmf(activeCallId, key);
    else {
      setDialDraft(`${dialDraft}${key}`);
      inputRef.current?.focus();
    }
  };

  return (
    <div className="dial">
      <form
        className="dial-form"
        onSubmit={(event) => {
          event.preventDefault();
          void dial();
        }}
      >
        <label className="visually-hidden" htmlFor={inputId}>
          {t('softphone.dial.label')}
        </label>
        <DialCombobox
          id={inputId}
          inputRef={inputRef}
          className="field-input dial-input"
          placeholder={t('softphone.dial.placeholder')}
          value={dialDraft}
          invalid={dialError !== null}
          describedBy={dialError === null ? undefined : errorId}
          onChange={setDialDraft}
        />
        <button type="submit" className="button button-primary" disabled={dialBusy || dialDraft.trim() === ''}>
          {t('softphone.dial.call')}
        </button>
        <button type="button" className="button" aria-expanded={keypadOpen} onClick={() => setKeypadOpen((open) => !open)}>
          {t('softphone.dial.keypad')}
        </button>
      </form>
      {dialError !== null && (
        <p id={errorId} role="alert" className="inline-error">
          {t(softphoneErrorKeyOf(dialError))}
        </p>
      )}
      {keypadOpen && <Keypad onPress={press} />}
    </div>
  );
}
