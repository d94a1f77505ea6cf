import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { AVAILABILITIES, type Availability } from '@tandem/contract';
import { useTandemStore } from '../../store/useTandemStore';
import { formatDuration } from '../../ui/format';
import { useNow } from '../../ui/useNow';

const isAvailability = (value: string): value is Availability => (AVAILABILITIES as readonly string[]).includes(value);

/**
 * The header's "Availability" control (issue 16): available, break, wrap-up
 * or away, stored in the team database with its history. Wrap-up also starts
 * by itself when a call ends and says how long is left. A solo desk has no
 * team database to store it in and shows nothing.
 */
export function AvailabilityControl() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { availability, choose, problem } = useTandemStore(
    useShallow((state) => ({ availability: state.availability, choose: state.chooseAvailability, problem: state.availabilityProblem })),
  );
  const endsAt = availability?.state === 'wrap-up' ? availability.wrapUpEndsAt : undefined;
  const now = useNow('second', endsAt !== undefined);
  if (availability === null) return null;
  return (
    <div className="field availability" data-state={availability.state}>
      <label className="field-label" htmlFor={id}>
        {t('supervisor.availability.label')}
      </label>
      <select
        id={id}
        className="field-select"
        value={availability.state}
        onChange={(event) => {
          const next = event.currentTarget.value;
          if (isAvailability(next)) void choose(next);
        }}
      >
        {AVAILABILITIES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`supervisor.state.${choice}`)}
          </option>
        ))}
      </select>
      {endsAt === undefined ? null : (
        <span className="availability-countdown">{t('supervisor.availability.wrapUpLeft', { time: formatDuration(endsAt - now, i18n.language) })}</span>
      )}
      {problem === null ? null : (
        <span role="alert" className="availability-problem">
          {t(problem)}
        </span>
      )}
    </div>
  );
}
