import { useId, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { InertText } from '../../ui/InertText';
import type { InterestRefusal, InterestSeries } from './volumeSlice';

export interface InterestImportProps {
  readonly interest: InterestSeries | null;
  readonly refusal: InterestRefusal | null;
  readonly onFile: (name: string, text: string) => void;
  readonly onClear: () => void;
}

/**
 * Import of an external interest series (a search-trends export as CSV): a
 * file chooser named for what it takes, the file shown once imported, and
 * every bad line listed with its number when the file is refused.
 */
export function InterestImport({ interest, refusal, onFile, onClear }: InterestImportProps) {
  const { t } = useTranslation();
  const hintId = useId();
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    // The same file chosen again after a fix must be read again.
    input.value = '';
    if (file === undefined) return;
    void file.text().then((text) => onFile(file.name, text));
  };
  return (
    <div className="volume-import">
      <label className="volume-import-label">
        {t('supervisor.volume.import')}
        <input type="file" accept=".csv,text/csv" aria-describedby={hintId} onChange={choose} />
      </label>
      <p id={hintId} className="volume-import-hint">
        {t('supervisor.volume.importHint')}
      </p>
      {interest === null ? null : (
        <p className="volume-import-shown">
          {t('supervisor.volume.shown')} <InertText text={interest.name} />{' '}
          <button type="button" onClick={onClear}>
            {t('supervisor.volume.clear')}
          </button>
        </p>
      )}
      {refusal === null ? null : (
        <div role="alert" className="volume-import-refused">
          <p>
            {t('supervisor.volume.refused')} <InertText text={refusal.name} />
          </p>
          <ul>
            {refusal.problems.map((problem) => (
              <li key={`${problem.line}-${problem.kind}`}>{t(`supervisor.volume.problem.${problem.kind}`, { line: problem.line })}</li>
            ))}
          </ul>
          {refusal.count > refusal.problems.length ? <p>{t('supervisor.volume.more', { lines: refusal.count - refusal.problems.length })}</p> : null}
        </div>
      )}
    </div>
  );
}
