import { ContractFailure } from '../contract/contractFailure';
import type { Handlers } from '../contract/dispatcher';
import type { EventBus } from '../events/eventBus';
import type { Supervision } from './createSupervisor';

type SupervisorHandlers = Pick<
  Handlers,
  | 'availability:get'
  | 'availability:set'
  | 'supervisor:getAccess'
  | 'supervisor:open'
  | 'supervisor:getBoard'
  | 'supervisor:getQueue'
  | 'supervisor:notifyAlert'
>;

/** The supervisor view's contract handlers, kept beside the feature so the core's table only spreads them in. */
export function supervisorChannels(
  supervision: Supervision,
  openWindow: (() => void) | undefined,
  events: Pick<EventBus, 'markWatchOnly'>,
): SupervisorHandlers {
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
    'supervisor:getBoard': async (_request, caller) => {
      if (supervisor === undefined) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      // The page that reads the board is the supervisor view: it must never be handed a call's media.
      if (caller !== undefined) events.markWatchOnly(caller.windowId);
      try {
        return await supervisor.board();
      } catch (error: unknown) {
        // The database's refusal (42501) is the answer; anything else is the database being away.
        if ((error as { code?: unknown }).code === '42501') throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
        throw new ContractFailure('unavailable', 'supervisor.errors.unavailable');
      }
    },
    'supervisor:getQueue': async (_request, caller) => {
      const queue = supervision.queue;
      if (queue === undefined) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      if (caller !== undefined) events.markWatchOnly(caller.windowId);
      try {
        return await queue.queue();
      } catch (error: unknown) {
        if ((error as { code?: unknown }).code === '42501') throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
        throw new ContractFailure('unavailable', 'supervisor.errors.unavailable');
      }
    },
    'supervisor:notifyAlert': (notice) => {
      if (supervision.queue === undefined) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      return supervision.alerts?.notify(notice) ?? null;
    },
  };
}
