export * from './api';
export * from './channels';
export * from './events';
export * from './result';
export * from './schemas';
export * from './wire';
export * from './softphone';
export * from './social';
