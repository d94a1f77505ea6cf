import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/core/log/logger';
import type { DialogNotifyHandlers, DialogWatchPort } from '../../../main/core/supervisor/dialogWatchPort';
import { DialogWatcher, type MemberDialogs } from '../../../main/core/supervisor/dialogWatcher';
import { IllegalTransitionError } from '../../../main/core/stateMachine';
import { MemberWatchMachine, WatchLinkMachine } from '../../../main/core/supervisor/watchMachines';
import { manualClock } from '../softphone/support/manualClock';

interface OpenSubscription {
  readonly target: string;
  readonly handlers: DialogNotifyHandlers;
  ended: boolean;
}

/** A SIP server in a box: the test decides when the link comes up, drops, and what each NOTIFY says. */
function fakeServer() {
  const subscriptions: OpenSubscription[] = [];
  const drops = new Set<(reason: string) => void>();
  let pendingConnect: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let connects = 0;
  const port: DialogWatchPort = {
    connect: () =>
      new Promise<void>((resolve, reject) => {
        connects += 1;
        pendingConnect = { resolve, reject };
      }),
    onDisconnected: (listener) => {
      drops.add(listener);
      return () => drops.delete(listener);
    },
    subscribe: (target, _expires, handlers) => {
      const subscription: OpenSubscription = { target, handlers, ended: false };
      subscriptions.push(subscription);
      return {
        end: () => {
          subscription.ended = true;
        },
      };
    },
    close: () => Promise.resolve(),
  };
  return {
    port,
    get connects() {
      return connects;
    },
    async accept(): Promise<void> {
      pendingConnect?.resolve();
      pendingConnect = undefined;
      await Promise.resolve();
      await Promise.resolve();
    },
    async refuse(): Promise<void> {
      pendingConnect?.reject(new Error('ECONNREFUSED'));
      pendingConnect = undefined;
      await Promise.resolve();
      await Promise.resolve();
    },
    drop(): void {
      for (const listener of [...drops]) listener('socket closed');
    },
    open(target: string): OpenSubscription[] {
      return subscriptions.filter((subscription) => subscription.target === target && !subscription.ended);
    },
    notify(target: string, version: number, dialogs: string, state: 'full' | 'partial' = 'full'): void {
      const [subscription] = subscriptions.filter((candidate) => candidate.target === target && !candidate.ended).slice(-1);
      if (subscription === undefined) throw new Error(`no open subscription to ${target}`);
      subscription.handlers.onNotify(`<dialog-info version="${version}" state="${state}" entity="${target}">${dialogs}</dialog-info>`);
    },
  };
}

const CAROL = 'sip:carol@127.0.0.1';
const DAN = 'sip:dan@127.0.0.1';
const ringing = '<dialog id="d1" direction="recipient"><state>early</state><remote><identity>sip:+34600111222@127.0.0.1</identity></remote></dialog>';
const talking = '<dialog id="d1" direction="recipient"><state>confirmed</state><remote><identity>sip:+34600111222@127.0.0.1</identity></remote></dialog>';
const hungUp = '<dialog id="d1"><state>terminated</state></dialog>';

function watcherOn(server: ReturnType<typeof fakeServer>) {
  const clock = manualClock();
  const watcher = new DialogWatcher(server.port, { clock, log: silentLogger, random: () => 0.5 });
  const heard: MemberDialogs[] = [];
  watcher.onChange((member) => heard.push(member));
  const member = (uri: string) => watcher.snapshot().find((candidate) => candidate.uri === uri);
  return { clock, watcher, heard, member };
}

describe('the dialog watch machines', () => {
  it('the link reconnects only through backoff, and a subscription retries only through its timer', () => {
    const link = new WatchLinkMachine();
    link.transition('connecting');
    link.transition('connected');
    expect(() => link.transition('connecting')).toThrow(IllegalTransitionError);
    link.transition('backoff');
    link.transition('connecting');
    const member = new MemberWatchMachine();
    expect(() => member.transition('active')).toThrow(IllegalTransitionError);
    member.transition('subscribing');
    member.transition('retrying');
    expect(() => member.transition('active')).toThrow(IllegalTransitionError);
    member.transition('subscribing');
    member.transition('active');
    member.transition('idle');
  });
});

/** A watcher of `members` whose link is up and whose subscriptions are open, awaiting their first NOTIFY. */
async function watching(members: readonly string[]) {
  const server = fakeServer();
  const watched = watcherOn(server);
  watched.watcher.setMembers(members);
  watched.watcher.start();
  await server.accept();
  return { server, ...watched };
}

describe("a supervisor's desk watching the team's calls", () => {
  it('subscribes to every member once the link is up, and follows a call from ringing to talking to hung up', async () => {
    const server = fakeServer();
    const { watcher, member } = watcherOn(server);
    watcher.setMembers([CAROL, DAN]);
    watcher.start();
    expect(server.open(CAROL)).toHaveLength(0);
    await server.accept();
    expect(watcher.link).toBe('connected');
    expect(server.open(CAROL)).toHaveLength(1);
    expect(server.open(DAN)).toHaveLength(1);
    expect(member(CAROL)?.watch).toBe('subscribing');

    server.notify(CAROL, 0, '');
    expect(member(CAROL)).toEqual({ uri: CAROL, watch: 'active', dialogs: [] });
    server.notify(CAROL, 1, ringing);
    expect(member(CAROL)?.dialogs.map((dialog) => [dialog.state, dialog.remote?.uri])).toEqual([['early', 'sip:+34600111222@127.0.0.1']]);
    server.notify(CAROL, 2, talking);
    expect(member(CAROL)?.dialogs[0]?.state).toBe('confirmed');
    server.notify(CAROL, 3, hungUp, 'partial');
    expect(member(CAROL)?.dialogs).toEqual([]);
  });

  it('a late NOTIFY with an older version, or one that does not read, changes nothing', async () => {
    const { server, member } = await watching([CAROL]);
    server.notify(CAROL, 5, talking);
    server.notify(CAROL, 4, ringing);
    expect(member(CAROL)?.dialogs[0]?.state).toBe('confirmed');
    server.open(CAROL)[0]?.handlers.onNotify('<!DOCTYPE x [<!ENTITY a "b">]><dialog-info/>');
    expect(member(CAROL)?.dialogs[0]?.state).toBe('confirmed');
  });

  it('a newer NOTIFY that puts a talking call back to ringing (the server handled its two publications in the other order) keeps it talking', async () => {
    const { server, clock, member } = await watching([CAROL]);
    server.notify(CAROL, 1, talking);
    const since = member(CAROL)?.dialogs[0]?.since;
    clock.advance(1_000);
    server.notify(CAROL, 2, ringing);
    expect(member(CAROL)?.dialogs[0]).toMatchObject({ state: 'confirmed', since });
    // It still ends.
    server.notify(CAROL, 3, hungUp, 'partial');
    expect(member(CAROL)?.dialogs).toEqual([]);
  });

  it('the NOTIFY that says a call was answered is overtaken by an older ringing one: the call is shown talking all the same', async () => {
    const { server, member } = await watching([CAROL, DAN]);
    // The server handled the two publications in the other order (confirmed as version 1, early as version
    // 2), and its two workers sent the NOTIFYs in the other order too: version 2 arrives first.
    server.notify(CAROL, 2, ringing);
    server.notify(CAROL, 1, talking);
    expect(member(CAROL)?.dialogs[0]?.state).toBe('confirmed');
    // A late full picture adds no call and removes none: Dan's call ringing now stays, a call it never saw
    // is not brought back.
    server.notify(DAN, 4, ringing.replace('d1', 'd2'));
    server.notify(DAN, 3, talking.replace('d1', 'd9'));
    expect(member(DAN)?.dialogs.map((dialog) => [dialog.id, dialog.state])).toEqual([['d2', 'early']]);
    // A late "hung up" for a known call ends it.
    server.notify(CAROL, 1, hungUp, 'partial');
    expect(member(CAROL)?.dialogs).toEqual([]);
  });

  it('a newer NOTIFY that still shows a call already heard ending (the server stored its last "confirmed" after its end) keeps it ended', async () => {
    const { server, member } = await watching([CAROL]);
    server.notify(CAROL, 1, talking);
    server.notify(CAROL, 2, hungUp, 'partial');
    server.notify(CAROL, 3, talking);
    expect(member(CAROL)?.dialogs).toEqual([]);
    // A new call on the same line is seen as usual.
    server.notify(CAROL, 4, ringing.replace('d1', 'd2'));
    expect(member(CAROL)?.dialogs.map((dialog) => [dialog.id, dialog.state])).toEqual([['d2', 'early']]);
  });

  it('a NOTIFY that lists one call twice, talking and still ringing (two stored publications of it), shows it talking', async () => {
    const { server, member } = await watching([CAROL, DAN]);
    server.notify(CAROL, 1, ringing);
    // Kamailio aggregates every publication it holds for the member; one of a call's early publications was
    // stored apart (a second entity tag) and comes after its confirmed one (seen in the fifty-agent story).
    server.notify(CAROL, 2, talking + ringing);
    expect(member(CAROL)?.dialogs.map((dialog) => [dialog.id, dialog.state])).toEqual([['d1', 'confirmed']]);
    // The other order, and on a first picture, reads the same.
    server.notify(DAN, 1, ringing + talking);
    expect(member(DAN)?.dialogs.map((dialog) => [dialog.id, dialog.state])).toEqual([['d1', 'confirmed']]);
    // A call both ended and still talking in one picture is over.
    server.notify(CAROL, 3, talking + hungUp);
    expect(member(CAROL)?.dialogs).toEqual([]);
  });

  it('a NOTIFY without a body (the server holds no state for the member) reads as no calls', async () => {
    const { server, member } = await watching([CAROL]);
    server.open(CAROL)[0]?.handlers.onNotify('');
    expect(member(CAROL)).toEqual({ uri: CAROL, watch: 'active', dialogs: [] });
    server.notify(CAROL, 1, talking);
    server.open(CAROL)[0]?.handlers.onNotify('');
    expect(member(CAROL)?.dialogs).toEqual([]);
  });

  it('keeps when a dialog entered its state across NOTIFYs that repeat it', async () => {
    const { server, clock, member } = await watching([CAROL]);
    server.notify(CAROL, 1, talking);
    const since = member(CAROL)?.dialogs[0]?.since;
    clock.advance(30_000);
    server.notify(CAROL, 2, talking);
    expect(member(CAROL)?.dialogs[0]?.since).toBe(since);
  });

  it('the SIP server restarts: the link drops, comes back after a backoff, and every member is subscribed afresh without a click', async () => {
    const { server, clock, watcher, member } = await watching([CAROL, DAN]);
    server.notify(CAROL, 1, talking);

    server.drop();
    expect(watcher.link).toBe('backoff');
    expect(member(CAROL)?.watch).toBe('idle');
    expect(server.open(CAROL)).toHaveLength(0);

    clock.advance(60_000);
    expect(watcher.link).toBe('connecting');
    await server.refuse(); // still starting
    expect(watcher.link).toBe('backoff');
    clock.advance(60_000);
    await server.accept();
    expect(watcher.link).toBe('connected');
    expect(server.open(CAROL)).toHaveLength(1);
    expect(server.open(DAN)).toHaveLength(1);
    // The restarted server lost the call: its first full NOTIFY says so.
    server.notify(CAROL, 0, '');
    expect(member(CAROL)).toEqual({ uri: CAROL, watch: 'active', dialogs: [] });
  });

  it('a subscription the server ends is tried again on its own timer while the others stay', async () => {
    const { server, clock, member } = await watching([CAROL, DAN]);
    server.notify(CAROL, 0, '');
    server.notify(DAN, 0, '');
    const [carol] = server.open(CAROL);
    carol?.handlers.onEnded('481 on refresh');
    expect(member(CAROL)?.watch).toBe('retrying');
    expect(member(DAN)?.watch).toBe('active');
    clock.advance(60_000);
    expect(member(CAROL)?.watch).toBe('subscribing');
    server.notify(CAROL, 0, talking);
    expect(member(CAROL)?.watch).toBe('active');
  });

  it('a member taken off the roster is unsubscribed; one added while connected is subscribed at once', async () => {
    const { server, watcher } = await watching([CAROL]);
    watcher.setMembers([DAN]);
    expect(server.open(CAROL)).toHaveLength(0);
    expect(server.open(DAN)).toHaveLength(1);
    expect(watcher.snapshot().map((member) => member.uri)).toEqual([DAN]);
    await watcher.stop();
    expect(server.open(DAN)).toHaveLength(0);
    expect(watcher.link).toBe('stopped');
  });
});
