import type { ContractErrorCode } from '@tandem/contract';

/** Thrown by a service to answer a request with a typed error instead of a value. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ContractErrorCode,
    readonly messageKey: string,
    readonly detail?: string,
  ) {
    super(messageKey);
    this.name = 'ContractFailure';
  }
}
