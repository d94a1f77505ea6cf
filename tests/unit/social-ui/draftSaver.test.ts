import { describe, expect, it } from 'vitest';
import { createDraftSaver } from '../../../renderer/src/social/draftSaver';
import type { SocialDraft } from '../../../renderer/src/social/socialTables';

// When the composer's drafts reach Dexie (issue 14 item 2): on idle, not on every keystroke, and never lost.

const draft = (conversationId: string, text: string, clientId = `client-${conversationId}`): SocialDraft => ({
  conversationId,
  text,
  clientId,
  mode: 'public',
});

/** A saver whose "later" runs only when the test says so, and a log of what reached storage. */
function saverUnderTest() {
  const written: SocialDraft[] = [];
  const later: (() => void)[] = [];
  const saver = createDraftSaver(
    (d) => {
      written.push(d);
      return Promise.resolve();
    },
    (run) => void later.push(run),
  );
  const runLater = async () => {
    for (const run of later.splice(0)) run();
    // The writes it started.
    await Promise.resolve();
  };
  return { saver, written, later, runLater };
}

describe('reply drafts are saved when the page is idle', () => {
  it('Ana types a 40-character reply: nothing is written while she types, then one write with all of it', async () => {
    const { saver, written, later, runLater } = saverUnderTest();
    const reply = 'Sorry about that, Carla. Checking now...';
    for (let end = 1; end <= reply.length; end += 1) saver.save(draft('c1', reply.slice(0, end)));
    expect(written).toEqual([]);
    // One write is coming for all forty keystrokes.
    expect(later).toHaveLength(1);
    await runLater();
    expect(written).toEqual([draft('c1', reply)]);
  });

  it('drafts of two conversations typed in one pause are both written', async () => {
    const { saver, written, runLater } = saverUnderTest();
    saver.save(draft('c1', 'first'));
    saver.save(draft('c2', 'second'));
    await runLater();
    expect(written.map((d) => d.text).sort()).toEqual(['first', 'second']);
  });

  it('leaving the reply box (flush) writes at once, and the write that was coming finds nothing left to do', async () => {
    const { saver, written, runLater } = saverUnderTest();
    saver.save(draft('c1', 'Hello'));
    await saver.flush();
    expect(written).toEqual([draft('c1', 'Hello')]);
    await runLater();
    expect(written).toHaveLength(1);
  });

  it('after a send, the fresh draft replaces the sent text that was still waiting: the sent reply never comes back', async () => {
    const { saver, written, runLater } = saverUnderTest();
    saver.save(draft('c1', 'Thanks, sent!', 'old-client'));
    saver.save(draft('c1', '', 'new-client'));
    await runLater();
    expect(written).toEqual([draft('c1', '', 'new-client')]);
  });

  it('typing after a write arranges the next one', async () => {
    const { saver, written, later, runLater } = saverUnderTest();
    saver.save(draft('c1', 'a'));
    await runLater();
    saver.save(draft('c1', 'ab'));
    expect(later).toHaveLength(1);
    await runLater();
    expect(written.map((d) => d.text)).toEqual(['a', 'ab']);
  });
});
