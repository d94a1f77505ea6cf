import { DEFAULT_RESPONSE_TARGETS, type ResponseTargets } from '@tandem/contract';
import type { Profile } from './profileSchema';

/** The profile's first-response targets (minutes) as the contract carries them (ms); the contract's defaults otherwise. */
export function responseTargetsOf(profile: Pick<Profile, 'team'>): ResponseTargets {
  const minutes = profile.team.responseTargets;
  if (minutes === undefined) return DEFAULT_RESPONSE_TARGETS;
  return { public: minutes.publicMinutes * 60_000, private: minutes.privateMinutes * 60_000 };
}
