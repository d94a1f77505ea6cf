import { useTranslation } from 'react-i18next';
import { errorKeyOf } from '../../i18n/resources';
import { useTandemStore } from '../../store/useTandemStore';

/**
 * Failed calls to main, as translated alerts. Only our own texts are shown:
 * the error's detail is for developers and is never rendered.
 */
export function Problems() {
  const { t } = useTranslation();
  const problems = useTandemStore((state) => state.problems);
  const dismissProblem = useTandemStore((state) => state.dismissProblem);
  if (problems.length === 0) return null;
  return (
    <div className="problems">
      {problems.map((problem) => (
        <div key={problem.operation} role="alert" className="problem">
          <p className="problem-text">
            <strong className="problem-what">{t(`problems.${problem.operation}`)}</strong>
            <span className="problem-why">{t(errorKeyOf(problem.error))}</span>
          </p>
          <button type="button" className="button button-quiet" onClick={() => dismissProblem(problem.operation)}>
            {t('problems.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
