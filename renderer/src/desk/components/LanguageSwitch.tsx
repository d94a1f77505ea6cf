import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { Language } from '@tandem/contract';
import { resources } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';

// Every bundled language, and the type says that is every language the contract knows.
const LANGUAGES = Object.keys(resources) as Language[];
const isLanguage = (value: string): value is Language => (LANGUAGES as string[]).includes(value);

export function LanguageSwitch() {
  const { t } = useTranslation();
  const id = useId();
  const { language, setLanguage } = useTandemStore(useShallow((state) => ({ language: state.settings?.language, setLanguage: state.setLanguage })));
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {t('language.label')}
      </label>
      <select
        id={id}
        className="field-select"
        value={language ?? 'en'}
        disabled={language === undefined}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (isLanguage(next)) void setLanguage(next);
        }}
      >
        {LANGUAGES.map((code) => (
          // Each language is named in itself, so an agent can always find their own.
          <option key={code} value={code} lang={code}>
            {t(`language.names.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
