import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useTandemStore } from '../../store/useTandemStore';

/** A phone-only seat hides the social column; main keeps the choice with the agent's other preferences. */
export function SocialColumnToggle() {
  const { t } = useTranslation();
  const id = useId();
  const shown = useTandemStore((state) => state.settings?.socialColumn !== 'hidden');
  const setSocialColumn = useTandemStore((state) => state.setSocialColumn);
  return (
    <div className="account-form account-toggle">
      <input id={id} type="checkbox" checked={shown} onChange={(event) => void setSocialColumn(event.currentTarget.checked ? 'shown' : 'hidden')} />
      <label htmlFor={id}>{t('accounts.socialColumn')}</label>
    </div>
  );
}
