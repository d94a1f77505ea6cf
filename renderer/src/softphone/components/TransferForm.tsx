import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DialCombobox } from './DialCombobox';

interface TransferFormProps {
  /** Changes each time the transfer shortcut asks for this box, which then takes the focus again. */
  readonly focusAsk?: number | null;
  readonly onBlind: (target: string) => Promise<boolean>;
  readonly onConsult: (target: string) => Promise<boolean>;
  readonly onClose: () => void;
}

/** "Transfer now" hands the call over at once (REFER); "Consult first" calls the target while this call waits. The target box offers the same completions as the dial box. */
export function TransferForm({ focusAsk = null, onBlind, onConsult, onClose }: TransferFormProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = target.trim() !== '' && !busy;
  useEffect(() => {
    if (focusAsk !== null) inputRef.current?.focus();
  }, [focusAsk]);

  const run = async (action: (target: string) => Promise<boolean>) => {
    if (!ready) return;
    setBusy(true);
    const ok = await action(target.trim());
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <form
      className="transfer"
      aria-label={t('softphone.transfer.label')}
      onSubmit={(event) => {
        event.preventDefault();
        void run(onBlind);
      }}
    >
      <label className="field-label" htmlFor={inputId}>
        {t('softphone.transfer.target')}
      </label>
      <DialCombobox id={inputId} inputRef={inputRef} className="field-input" value={target} onChange={setTarget} autoFocus />
      <div className="transfer-actions">
        <button type="submit" className="button button-primary" disabled={!ready}>
          {t('softphone.transfer.blind')}
        </button>
        <button type="button" className="button" disabled={!ready} onClick={() => void run(onConsult)}>
          {t('softphone.transfer.consult')}
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {t('softphone.transfer.cancel')}
        </button>
      </div>
    </form>
  );
}
