import type { ComponentType } from 'react';
import { SupervisorViewUnavailable } from './components/SupervisorViewUnavailable';

/**
 * The supervisor view, a chunk of its own (main.tsx loads it only on the supervisor's page). If it
 * cannot be fetched, the page says so and offers a reload, rather than staying blank.
 */
export function loadSupervisorView(
  load: () => Promise<{ readonly SupervisorView: ComponentType }> = () => import('./components/SupervisorView'),
  unavailable: ComponentType = SupervisorViewUnavailable,
): Promise<ComponentType> {
  return load().then(
    ({ SupervisorView }) => SupervisorView,
    () => unavailable,
  );
}
