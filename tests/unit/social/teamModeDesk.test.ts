/**
 * The social desk in team mode (issue 11), with a fake connector and a fake
 * team link: connectors do not follow the network themselves, the journal is
 * filled by the team, and a reply goes out only after the team database took
 * it, under the time the database kept for it.
 */
import { describe, expect, it } from 'vitest';
import type { SocialItem } from '@tandem/contract';
import { ContractFailure } from '../../../main/core/contract/contractFailure';
import { EventBus } from '../../../main/core/events/eventBus';
import { silentLogger } from '../../../main/core/log/logger';
import { MemorySecretStore } from '../../../main/core/secrets/secretStore';
import type { IncomingItem, SendOperation, SendResult } from '../../../main/core/social/connector';
import { ConnectorRegistry, type ConnectorContext } from '../../../main/core/social/connectorRegistry';
import { SocialDesk } from '../../../main/core/social/socialDesk';
import type { TeamSend, TeamSocialLink } from '../../../main/core/social/teamLink';
import { ACCOUNT, liveConnector } from './liveConnector';

const COMPLAINT: IncomingItem = {
  accountId: ACCOUNT,
  network: 'bluesky',
  kind: 'mention',
  visibility: 'public',
  uri: 'at://did:plc:carla/app.bsky.feed.post/complaint',
  cid: null,
  conversationId: 'at://did:plc:carla/app.bsky.feed.post/complaint',
  parentUri: null,
  author: { did: 'did:plc:carla', handle: 'carla.test', displayName: 'Carla', description: '', avatarUrl: null, followers: null, following: null },
  text: 'my phone will not charge',
  links: [],
  createdAt: 1_000,
  receivedAt: 2_000,
  ruleId: null,
};
/** When the first desk's send was stored in the team database: what every retry must reuse. */
const STORED_AT = 1_700_000_000_123;

function fakeConnector() {
  const sends: SendOperation[] = [];
  const contexts: ConnectorContext[] = [];
  const connector = liveConnector((op): Promise<SendResult> => {
    sends.push(op);
    return Promise.resolve({
      uri: `at://did:plc:brand/app.bsky.feed.post/${sends.length}`,
      item: { ...COMPLAINT, uri: 'at://did:plc:brand/app.bsky.feed.post/r', kind: 'brand-reply' },
    });
  });
  const registry = new ConnectorRegistry().register('bluesky', (context) => {
    contexts.push(context);
    return connector;
  });
  return { sends, contexts, registry };
}

function fakeTeam(decide: (send: TeamSend) => Promise<number>) {
  const queued: TeamSend[] = [];
  const sent: string[] = [];
  let deliver: ((items: readonly IncomingItem[]) => Promise<void>) | undefined;
  const link: TeamSocialLink = {
    start: (_connectors, journal) => {
      deliver = journal;
    },
    queueSend: (send) => {
      queued.push(send);
      return decide(send);
    },
    sent: (clientId) => {
      sent.push(clientId);
      return Promise.resolve();
    },
    failed: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
  };
  return { link, queued, sent, fromTeam: (items: readonly IncomingItem[]) => deliver?.(items) ?? Promise.reject(new Error('not started')) };
}

async function openDesk(team: ReturnType<typeof fakeTeam>, network: ReturnType<typeof fakeConnector>) {
  const events = new EventBus();
  const announced: SocialItem[] = [];
  events.on('social:items', ({ items }) => announced.push(...items));
  const desk = await SocialDesk.open({
    accounts: [{ network: 'bluesky', service: 'http://127.0.0.1:2583', handle: 'acme.test' }],
    secrets: new MemorySecretStore(),
    events,
    log: silentLogger,
    dataDir: undefined,
    registry: network.registry,
    team: team.link,
  });
  return { desk, announced };
}

describe('the social desk in team mode', () => {
  it('connectors leave following the network to the team ingester; the team fills the journal, each item once', async () => {
    const network = fakeConnector();
    const team = fakeTeam(() => Promise.resolve(STORED_AT));
    const { desk, announced } = await openDesk(team, network);
    expect(network.contexts.map((context) => context.receive)).toEqual(['ingester']);
    await team.fromTeam([COMPLAINT]);
    await team.fromTeam([COMPLAINT]);
    expect(announced.map((item) => item.uri)).toEqual([COMPLAINT.uri]);
    await desk.dispose();
  });

  it('a reply is queued in the team database first, and sent under the time the database kept for it', async () => {
    const network = fakeConnector();
    const team = fakeTeam(() => Promise.resolve(STORED_AT));
    const { desk } = await openDesk(team, network);
    await team.fromTeam([COMPLAINT]);
    await desk.reply({ accountId: ACCOUNT, clientId: 'reply-0001', parentUri: COMPLAINT.uri, text: 'We are on it. — Ana R.' });
    expect(team.queued).toEqual([
      expect.objectContaining({ id: 'reply-0001', accountId: ACCOUNT, conversationId: COMPLAINT.conversationId, kind: 'reply', authorDid: 'did:plc:carla' }),
    ]);
    await expect.poll(() => network.sends).toEqual([expect.objectContaining({ kind: 'reply', key: 'reply-0001', createdAt: STORED_AT })]);
    await expect.poll(() => team.sent).toEqual(['reply-0001']);
    await desk.dispose();
  });

  it('a send the team refuses (another agent handles the conversation) never reaches the outbox or the network', async () => {
    const network = fakeConnector();
    const team = fakeTeam(() => Promise.reject(new ContractFailure('rejected', 'social.errors.handledElsewhere', 'Ana Ruiz')));
    const { desk } = await openDesk(team, network);
    await team.fromTeam([COMPLAINT]);
    await expect(desk.reply({ accountId: ACCOUNT, clientId: 'reply-0002', parentUri: COMPLAINT.uri, text: 'Me too. — Ben O.' })).rejects.toMatchObject({
      messageKey: 'social.errors.handledElsewhere',
      detail: 'Ana Ruiz',
    });
    expect(desk.snapshot().outbox).toEqual([]);
    expect(network.sends).toEqual([]);
    await desk.dispose();
  });
});
