import { useTranslation } from 'react-i18next';

const MODIFIERS = new Set(['Ctrl', 'Alt', 'Shift', 'Meta']);

/** "Alt+Shift+A" as keys to press, the modifiers in the agent's language (Mayús for Shift). */
export function ShortcutKeys({ combo }: { readonly combo: string }) {
  const { t } = useTranslation();
  const parts = combo.split('+');
  return (
    <kbd className="shortcut-keys">
      {parts.map((part, index) => (
        <span key={part}>
          {index > 0 && '+'}
          <kbd>{MODIFIERS.has(part) ? t(`shortcuts.keys.${part as 'Ctrl' | 'Alt' | 'Shift' | 'Meta'}`) : part}</kbd>
        </span>
      ))}
    </kbd>
  );
}
