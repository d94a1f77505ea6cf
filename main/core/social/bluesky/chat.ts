import { Agent, XRPCError, type AtpAgent, type ChatBskyConvoDefs } from '@atproto/api';
import { SendFailure } from '../connector';
import { httpStatus } from './errors';

/**
 * Private messages through the `chat.bsky.convo.*` lexicons shipped with
 * @atproto/api, sent straight to a configured chat service. We never let the
 * PDS proxy chat calls (it would forward them to Bluesky's production chat
 * service); instead each call carries an inter-service JWT that the brand's
 * PDS signs for the chat service (`com.atproto.server.getServiceAuth`, with
 * `aud` = the chat service's DID and `lxm` = the method), which is how the
 * PDS itself authenticates proxied calls.
 */
export interface ChatServiceConfig {
  /** http(s) base URL of the chat service. */
  readonly url: string;
  /** Its DID, the `aud` of the service tokens. */
  readonly did: string;
}

const TOKEN_LIFETIME_S = 60;

export class ChatClient {
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();
  readonly #client: Agent;

  constructor(
    private readonly brand: AtpAgent,
    private readonly config: ChatServiceConfig,
    private readonly now: () => number,
  ) {
    this.#client = new Agent(async (path, init) => {
      const url = new URL(path, config.url);
      const lxm = url.pathname.replace(/^\/xrpc\//, '');
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${await this.#token(lxm)}`);
      return fetch(url, { ...init, headers });
    });
  }

  async #token(lxm: string): Promise<string> {
    const cached = this.#tokens.get(lxm);
    if (cached !== undefined && cached.expiresAt - 10_000 > this.now()) return cached.token;
    const exp = Math.floor(this.now() / 1000) + TOKEN_LIFETIME_S;
    let response;
    try {
      response = await this.brand.com.atproto.server.getServiceAuth({ aud: this.config.did, lxm, exp });
    } catch (error: unknown) {
      // The PDS signs chat tokens only for privileged app passwords ("allow access to your direct messages").
      if (error instanceof XRPCError && httpStatus(error) === 400 && /insufficient access/i.test(error.message)) {
        throw new SendFailure(false, 'social.errors.chatAccessDenied', error.message);
      }
      throw error;
    }
    this.#tokens.set(lxm, { token: response.data.token, expiresAt: exp * 1000 });
    return response.data.token;
  }

  get convo() {
    return this.#client.chat.bsky.convo;
  }

  async convoWith(did: string): Promise<ChatBskyConvoDefs.ConvoView> {
    return (await this.convo.getConvoForMembers({ members: [did] })).data.convo;
  }
}

export type { ChatBskyConvoDefs };
