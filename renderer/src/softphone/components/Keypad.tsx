import { useTranslation } from 'react-i18next';

export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type KeypadKey = (typeof KEYPAD_KEYS)[number];

/** Twelve keys; each button's name is its own symbol, so "5" is found as button "5". */
export function Keypad({ onPress }: { readonly onPress: (key: KeypadKey) => void }) {
  const { t } = useTranslation();
  return (
    <div role="group" aria-label={t('softphone.keypad.label')} className="keypad">
      {KEYPAD_KEYS.map((key) => (
        <button key={key} type="button" className="button keypad-key" onClick={() => onPress(key)}>
          {key}
        </button>
      ))}
    </div>
  );
}
