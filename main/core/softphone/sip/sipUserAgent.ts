import { SIPExtension, UserAgent, type LogLevel, type SessionDescriptionHandlerFactory, type UserAgentDelegate } from 'sip.js';
import type { Logger } from '../../log/logger';
import { sipTransportFor } from './sipTransport';
import type { SipTls } from './sipTls';

export interface SipUserAgentOptions {
  readonly server: string;
  readonly uri: string;
  readonly authorizationUser: string | undefined;
  readonly displayName: string;
  readonly sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory;
  readonly delegate: UserAgentDelegate;
  readonly log: Logger;
  /** The CAs the transport trusts; it also learns from it why TLS refused a server. */
  readonly tls: SipTls;
  readonly userAgentString?: string;
}

/**
 * Builds the agent's one sip.js UserAgent (it lives as long as the profile:
 * dialogs survive transport reconnects because they belong to it). The
 * password is not given here: it is read from the secret store right before
 * each REGISTER (see SipRegistrarPort), so a changed password needs no rebuild.
 */
export function createSipUserAgent(options: SipUserAgentOptions): UserAgent {
  const uri = UserAgent.makeURI(options.uri);
  if (uri === undefined) throw new Error('softphone: the profile SIP URI does not parse');
  const ua = new UserAgent({
    uri,
    displayName: options.displayName,
    ...(options.authorizationUser === undefined ? {} : { authorizationUsername: options.authorizationUser }),
    transportConstructor: sipTransportFor(options.tls),
    transportOptions: { server: options.server, connectionTimeout: 5, traceSip: false },
    sessionDescriptionHandlerFactory: options.sessionDescriptionHandlerFactory,
    delegate: options.delegate,
    userAgentString: options.userAgentString ?? 'Tandem',
    // Attended transfer target: match an INVITE with Replaces to our dialog (RFC 3891);
    // the call manager accepts it in place of the replaced call.
    sipExtensionReplaces: SIPExtension.Supported,
    // sip.js reconnects on its own only when asked (its default reconnectionAttempts is 0, and naming the option
    // logs a deprecation warning); our controller owns backoff.
    logBuiltinEnabled: false,
    // sip.js logs whole messages at "log"/"debug" (with Authorization headers): never below warn.
    logLevel: 'warn',
    logConnector: (level: LogLevel, category: string, _label: string | undefined, content: string) => {
      const fields = { category, detail: content.slice(0, 500) };
      if (level === 'error') options.log.error('sip.js', fields);
      else if (level === 'warn') options.log.warn('sip.js', fields);
    },
  });
  hardenTransport(ua, options.log);
  return ua;
}

/**
 * sip.js rethrows any exception raised while handling an incoming message
 * (platform/web/transport.ts `onWebSocketMessage`); in Node that becomes an
 * uncaught exception in the `ws` event handler and would take main down. A
 * hostile or broken peer must cost us one message, not the process.
 */
function hardenTransport(ua: UserAgent, log: Logger): void {
  const transport = ua.transport;
  const inner = transport.onMessage;
  if (inner === undefined) return;
  transport.onMessage = (message: string): void => {
    try {
      inner(message);
    } catch (error: unknown) {
      log.warn('softphone: dropped an incoming SIP message that sip.js could not handle', {
        error: error instanceof Error ? error.message : String(error),
        firstLine: message.split('\r\n', 1)[0]?.slice(0, 200),
      });
    }
  };
}
