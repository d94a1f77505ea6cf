import { EmitterImpl, TransportState, URI, UserAgent, type SessionDescriptionHandlerFactory, type Transport } from 'sip.js';

/** A phone's SDP: nothing reads it but the page it is applied in. */
const PHONE_SDP = 'v=0\r\no=phone 1 1 IN IP4 198.51.100.7\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\na=sendrecv\r\n';

export interface DialledPhone {
  /** Our side's UserAgent, started, on a wire that reaches only this phone. */
  readonly userAgent: UserAgent;
  /** The INVITEs our side sent, oldest first: the call's, then its re-INVITEs. */
  readonly invites: string[];
  /** Resolves once our side has sent `count` INVITEs in all. */
  invited(count: number): Promise<void>;
  /** How many ACKs our side sent. */
  acks(): number;
  /** The phone answers our last INVITE: 180 Ringing, or 200 with its SDP. */
  respond(status: '180 Ringing' | '200 OK'): void;
}

interface Wire {
  readonly sent: (message: string) => void;
  readonly connected: (transport: Transport) => void;
}

/** The transport our UserAgent sends on: the test reads what it sends, and hands it the phone's responses. */
class WireToPhone implements Transport {
  readonly protocol = 'WSS';
  state = TransportState.Disconnected;
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  constructor(
    _logger: unknown,
    private readonly wire: Wire,
  ) {}

  connect(): Promise<void> {
    this.#become(TransportState.Connected);
    this.wire.connected(this);
    this.onConnect?.();
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.#become(TransportState.Disconnected);
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  isConnected(): boolean {
    return this.state === TransportState.Connected;
  }

  send(message: string): Promise<void> {
    this.wire.sent(message);
    return Promise.resolve();
  }

  #become(state: TransportState): void {
    this.state = state;
    this.stateChange.emit(state);
  }
}

const headerOf = (request: string, name: string): string => {
  const line = request.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) throw new Error(`the request has no ${name} header`);
  return line;
};

/**
 * The phone Ana dials, at the other end of a real sip.js UserAgent built as sipSoftphone builds ours, but on a
 * wire to this phone only: the INVITEs our side sends are read as text, and answered as a phone would, from its
 * own dialog (its To tag, its Contact). Nothing goes on a network.
 */
export async function dialledPhone(sessionDescriptionHandlerFactory: SessionDescriptionHandlerFactory): Promise<DialledPhone> {
  const invites: string[] = [];
  const waiting: Array<() => void> = [];
  let acks = 0;
  let transport: Transport | undefined;
  const wire: Wire = {
    sent: (message) => {
      if (message.startsWith('ACK ')) acks += 1;
      if (!message.startsWith('INVITE ')) return;
      invites.push(message);
      waiting.splice(0).forEach((wake) => wake());
    },
    connected: (connected) => (transport = connected),
  };
  const userAgent = new UserAgent({
    uri: new URI('sip', '1001', 'pbx.example.com'),
    transportConstructor: WireToPhone,
    transportOptions: wire,
    sessionDescriptionHandlerFactory,
    logBuiltinEnabled: false,
  });
  await userAgent.start();
  const invited = async (count: number): Promise<void> => {
    while (invites.length < count) await new Promise<void>((wake) => waiting.push(wake));
  };
  const respond = (status: '180 Ringing' | '200 OK'): void => {
    const invite = invites.at(-1);
    if (invite === undefined || transport?.onMessage === undefined) throw new Error('our side has sent no INVITE');
    const to = headerOf(invite, 'To');
    const body = status === '200 OK' ? PHONE_SDP : '';
    const response = [
      `SIP/2.0 ${status}`,
      headerOf(invite, 'Via'),
      headerOf(invite, 'From'),
      // Its dialog's tag: in the first INVITE's To there is none yet; a re-INVITE carries it.
      to.includes(';tag=') ? to : `${to};tag=phone`,
      headerOf(invite, 'Call-ID'),
      headerOf(invite, 'CSeq'),
      'Contact: <sip:2125550123@198.51.100.7:5060>',
      ...(body === '' ? [] : ['Content-Type: application/sdp']),
      `Content-Length: ${body.length}`,
      '',
      body,
    ].join('\r\n');
    transport.onMessage(response);
  };
  return { userAgent, invites, invited, acks: () => acks, respond };
}
