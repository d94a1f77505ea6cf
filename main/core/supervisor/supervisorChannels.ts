import { ContractFailure } from '../contract/contractFailure';
import type { Handlers } from '../contract/dispatcher';
import type { Supervision } from './createSupervisor';

type SupervisorHandlers = Pick<Handlers, 'availability:get' | 'availability:set' | 'supervisor:getAccess' | 'supervisor:open' | 'supervisor:getBoard'>;

/** The supervisor view's contract handlers, kept beside the feature so the core's table only spreads them in. */
export function supervisorChannels(supervision: Supervision, openWindow: (() => void) | undefined): SupervisorHandlers {
  const supervisor = supervision.supervisor;
  return {
    'availability:get': () => supervision.availability?.current() ?? null,
    'availability:set': ({ state }) => {
      const availability = supervision.availability;
      if (availability === undefined) throw new ContractFailure('rejected', 'supervisor.errors.solo');
      return availability.choose(state);
    },
    'supervisor:getAccess': async () => ({ allowed: supervisor === undefined ? false : await supervisor.allowed() }),
    'supervisor:open': async () => {
      if (supervisor === undefined || !(await supervisor.allowed())) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      if (openWindow === undefined) return { opened: false };
      openWindow();
      return { opened: true };
    },
    'supervisor:getBoard': async () => {
      if (supervisor === undefined) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      try {
        return await supervisor.board();
      } catch (error: unknown) {
        // The database's refusal (42501) is the answer; anything else is the database being away.
        if ((error as { code?: unknown }).code === '42501') throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
        throw new ContractFailure('unavailable', 'supervisor.errors.unavailable');
      }
    },
  };
}
