export * from './api';
export * from './channels';
export * from './events';
export * from './result';
export * from './schemas';
export * from './wire';
export * from './pageSocket';
export * from './requestMethods';
export * from './softphone';
export * from './social';
export * from './socialAccounts';
export * from './identity';
export * from './teamStatus';
export * from './teamClaims';
export * from './electronChannels';
// Team queue (issue 11, H3).
export * from './teamQueue';
// supervisor view (issue 16)
export * from './supervisor';
export * from './supervisorQueue';
export * from './responseTargets';
export * from './supervisorVolume';
// team first join
export * from './teamJoin';
export * from './shortcuts';
export * from './sipAddress';
export * from './meaningCues';
// team history (issue 11, H1)
export * from './teamHistory';
export * from './teamRefused';
// team directory (issue 12 item 4)
export * from './teamDirectory';
