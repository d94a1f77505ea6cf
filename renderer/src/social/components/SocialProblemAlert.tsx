import { useTranslation } from 'react-i18next';
import type { ContractError } from '@tandem/contract';
import en from '../../i18n/locales/en.json';
import { errorKeyOf } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';

type SocialErrorKey = `social.errors.${keyof (typeof en)['social']['errors']}`;

/**
 * Main's social services answer with `social.errors.*` keys; like
 * `errorKeyOf`, a key is only used when it names one of our own texts.
 */
export function socialErrorKey(error: ContractError | string): SocialErrorKey | ReturnType<typeof errorKeyOf> {
  const key = typeof error === 'string' ? error : error.messageKey;
  const [group, area, name, ...rest] = key.split('.');
  if (group === 'social' && area === 'errors' && name !== undefined && rest.length === 0 && Object.hasOwn(en.social.errors, name)) {
    return `social.errors.${name as keyof (typeof en)['social']['errors']}`;
  }
  return typeof error === 'string' ? 'social.errors.unknown' : errorKeyOf(error);
}

/**
 * The social desk's last failure, as a translated alert inside its region. When the meaning
 * engine's chunk could not be fetched (a newer build replaced the files, or the host went away
 * mid-fetch), only a reload brings it back: the alert offers one.
 */
export function SocialProblemAlert({ reload = () => window.location.reload() }: { readonly reload?: () => void }) {
  const { t } = useTranslation();
  const problem = useTandemStore((state) => state.socialProblem);
  const dismiss = useTandemStore((state) => state.dismissSocialProblem);
  if (problem === null) return null;
  return (
    <div role="alert" className="problem social-problem">
      <p className="problem-text">
        <strong className="problem-what">{t(`social.problems.${problem.operation}`)}</strong>
        <span className="problem-why">{t(socialErrorKey(problem.error))}</span>
      </p>
      {problem.operation === 'engine' && (
        <button type="button" className="button" onClick={reload}>
          {t('social.problems.reload')}
        </button>
      )}
      <button type="button" className="button button-quiet" onClick={dismiss}>
        {t('social.problems.dismiss')}
      </button>
    </div>
  );
}
