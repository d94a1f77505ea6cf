import type { ConnectionState, RegistrationState } from '@tandem/contract';
import type { EventBus } from '../events/eventBus';

/** The one-word summary the tray and the desk header show, derived from the SIP registration. */
export function connectionStateOf(registration: RegistrationState): ConnectionState {
  switch (registration) {
    case 'registered':
      return 'online';
    case 'connecting':
    case 'registering':
    case 'backoff':
      return 'connecting';
    case 'unconfigured':
    case 'unregistered':
    case 'unregistering':
    case 'credentials-rejected':
    case 'certificate-rejected':
      return 'offline';
  }
}

/** Follows registration events and announces `connection:state` only when the summary changes. */
export class ConnectionStatus {
  #state: ConnectionState;

  constructor(events: EventBus, initial: RegistrationState) {
    this.#state = connectionStateOf(initial);
    events.on('softphone:registration', ({ state }) => {
      const next = connectionStateOf(state);
      if (next === this.#state) return;
      this.#state = next;
      events.emit('connection:state', { state: next });
    });
  }

  get state(): ConnectionState {
    return this.#state;
  }
}
