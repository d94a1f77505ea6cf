import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Theme } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';

const THEME_CHOICES = { system: true, light: true, dark: true } as const satisfies Record<Theme, true>;
const THEMES = Object.keys(THEME_CHOICES) as Theme[];
const isTheme = (value: string): value is Theme => Object.hasOwn(THEME_CHOICES, value);

export function ThemeSwitch() {
  const { t } = useTranslation();
  const id = useId();
  const { theme, setTheme } = useTandemStore(useShallow((state) => ({ theme: state.settings?.theme, setTheme: state.setTheme })));
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('theme.label')}
      </label>
      <select
        id={id}
        className="field-select"
        value={theme ?? 'system'}
        disabled={theme === undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (isTheme(next)) void setTheme(next);
        }}
      >
        {THEMES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`theme.options.${choice}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
