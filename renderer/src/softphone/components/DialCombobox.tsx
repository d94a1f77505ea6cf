import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';
import { displayText, isolatedLtr } from '../../ui/safeText';
import type { DialCompletion } from '../dialCompletions';

interface DialComboboxProps {
  /** The id its `<label htmlFor>` points at: the box keeps the label's name ("Phone number or SIP address", "Transfer to"). */
  readonly id: string;
  readonly inputRef: RefObject<HTMLInputElement | null>;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly className?: string;
  readonly placeholder?: string;
  readonly invalid?: boolean;
  readonly describedBy?: string | undefined;
  readonly autoFocus?: boolean;
}

/**
 * The dial and transfer box: a text box that offers teammates, recent calls
 * and customers as the agent types (the ARIA combobox pattern: arrows move
 * through the list, Enter puts the highlighted one in the box, Escape closes
 * it). Picking fills the box; the form's own Enter or button then dials, so a
 * pick never calls anyone by itself.
 */
export function DialCombobox({ id, inputRef, value, onChange, className, placeholder, invalid = false, describedBy, autoFocus = false }: DialComboboxProps) {
  const { t } = useTranslation();
  const listId = useId();
  const completionsFor = useTandemStore((state) => state.dialCompletionsFor);
  const [completions, setCompletions] = useState<readonly DialCompletion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Each keystroke asks again; an answer for text the agent has since changed is dropped.
  const latest = useRef('');

  const type = (text: string) => {
    onChange(text);
    latest.current = text;
    setActive(-1);
    void completionsFor(text).then((found) => {
      if (latest.current !== text) return;
      setCompletions(found);
      setOpen(found.length > 0);
    });
  };
  const close = () => {
    setOpen(false);
    setActive(-1);
  };
  const pick = (completion: DialCompletion) => {
    latest.current = completion.target;
    onChange(completion.target);
    close();
    inputRef.current?.focus();
  };
  const shown = open && completions.length > 0;

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (completions.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setOpen(true);
      setActive((current) => (current + step + completions.length) % completions.length);
    } else if (event.key === 'Enter' && shown && active >= 0) {
      const completion = completions[active];
      if (completion === undefined) return;
      // Enter on a highlighted completion fills the box instead of dialling what was half typed.
      event.preventDefault();
      pick(completion);
    } else if (event.key === 'Escape' && shown) {
      // The list closes first; a second Escape reaches the form (the transfer form's Cancel).
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div className="dial-combobox">
      <input
        ref={inputRef}
        id={id}
        className={className}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? optionId(active) : undefined}
        inputMode="tel"
        // Numbers and SIP addresses read left to right in every language.
        dir="ltr"
        autoComplete="off"
        spellCheck={false}
        maxLength={256}
        placeholder={placeholder}
        value={value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        // The transfer form opens because the agent asked for it: typing the target is the next thing they do.
        autoFocus={autoFocus}
        onChange={(event) => type(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      <ul id={listId} role="listbox" aria-label={t('softphone.completions.label')} className="dial-completions" hidden={!shown}>
        {shown &&
          completions.map((completion, index) => (
            <li
              key={completion.target}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className="dial-completion"
              // The box keeps the focus (and the list stays open) until the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(completion)}
            >
              {completion.name !== '' && <bdi className="dial-completion-name">{displayText(completion.name)}</bdi>}
              <span className="dial-completion-address">{isolatedLtr(completion.address)}</span>
              <span className="dial-completion-source">{t(`softphone.completions.source.${completion.source}`)}</span>
            </li>
          ))}
      </ul>
    </div>
  );
}
