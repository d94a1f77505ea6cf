import type { ConnectorStatus } from '@tandem/contract';
import type { ChannelConnector, SendOperation, SendResult } from '../../../main/core/social/connector';

export const ACCOUNT = 'bluesky:acme.test';

/**
 * A stand-in for a Bluesky account's connector that is live from the start and
 * never connects anywhere: the desk stories deliver through its sink and
 * decide what a send returns (`send`; by default a send is not in the story).
 */
export function liveConnector(send: (op: SendOperation) => Promise<SendResult> = () => Promise.reject(new Error('not in this story'))): ChannelConnector {
  const status: ConnectorStatus = {
    accountId: ACCOUNT,
    network: 'bluesky',
    handle: 'acme.test',
    state: 'live',
    nextRetryAt: null,
    lastErrorKey: null,
    capabilities: { publicReply: true, privateMessage: false, like: true, maxGraphemes: 300 },
  };
  return {
    accountId: ACCOUNT,
    network: 'bluesky',
    handle: 'acme.test',
    capabilities: status.capabilities,
    status: () => status,
    onStatus: () => () => undefined,
    start: () => undefined,
    reconnect: () => undefined,
    stop: () => Promise.resolve(),
    send,
    getProfile: () => Promise.reject(new Error('not in this story')),
    getThread: () => Promise.resolve([]),
    length: (text) => [...text].length,
  };
}
