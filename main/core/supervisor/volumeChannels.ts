import { ContractFailure } from '../contract/contractFailure';
import type { Handlers } from '../contract/dispatcher';
import type { VolumeService } from './volumeService';

/** The region "Volume"'s contract handler, beside the feature so the core's table only spreads it in. */
export function volumeChannels(volume: VolumeService | undefined): Pick<Handlers, 'supervisor:getVolume'> {
  return {
    'supervisor:getVolume': async (request) => {
      if (volume === undefined) throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
      try {
        return await volume.day(request);
      } catch (error: unknown) {
        // The database's refusal (42501) is the answer; anything else is the database being away.
        if ((error as { code?: unknown }).code === '42501') throw new ContractFailure('rejected', 'supervisor.errors.notSupervisor');
        throw new ContractFailure('unavailable', 'supervisor.errors.unavailable');
      }
    },
  };
}
