import { describe, expect, it } from 'vitest';
import { priorityLevel } from '../../../renderer/src/social/priority';
import { DEFAULT_RESPONSE_TARGETS, targetOf, waitingTone } from '../../../renderer/src/social/responseTargets';
import { inboxKeyAction, isTypingTarget, moveActive, type KeyTarget } from '../../../renderer/src/social/inboxKeys';

const MINUTE = 60_000;
const press = (key: string, modifiers: Partial<{ ctrlKey: boolean; altKey: boolean; metaKey: boolean }> = {}) => ({
  key,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  ...modifiers,
});
const on = (tagName: string, type?: string, isContentEditable = false): KeyTarget => ({ tagName, type, isContentEditable });

describe('the priority chip', () => {
  it('reads Low, Normal, High or Urgent at the score thresholds', () => {
    expect([0, 14, 15, 39, 40, 59, 60, 100].map(priorityLevel)).toEqual(['low', 'low', 'normal', 'normal', 'high', 'high', 'urgent', 'urgent']);
  });
});

describe('the waiting timer', () => {
  it('a public post has 30 minutes and a private message 60, by default', () => {
    expect(targetOf('public')).toBe(30 * MINUTE);
    expect(targetOf('private')).toBe(60 * MINUTE);
    expect(targetOf('public', { public: 10 * MINUTE, private: 20 * MINUTE })).toBe(10 * MINUTE);
    expect(DEFAULT_RESPONSE_TARGETS).toEqual({ public: 30 * MINUTE, private: 60 * MINUTE });
  });

  it('turns amber at 75 % of the target and red at 100 %', () => {
    const target = 30 * MINUTE;
    expect(waitingTone(0, target)).toBe('calm');
    expect(waitingTone(22 * MINUTE, target)).toBe('calm');
    expect(waitingTone(22.5 * MINUTE, target)).toBe('near');
    expect(waitingTone(29 * MINUTE, target)).toBe('near');
    expect(waitingTone(30 * MINUTE, target)).toBe('over');
    expect(waitingTone(600 * MINUTE, target)).toBe('over');
    expect(waitingTone(45 * MINUTE, 60 * MINUTE)).toBe('near');
  });
});

describe('the inbox keys', () => {
  it('j and k move, Enter opens, x selects, from a row or its tick box', () => {
    expect(inboxKeyAction(press('j'), on('BUTTON'))).toBe('next');
    expect(inboxKeyAction(press('k'), on('BUTTON'))).toBe('previous');
    expect(inboxKeyAction(press('x'), on('INPUT', 'checkbox'))).toBe('toggle');
    expect(inboxKeyAction(press('Enter'), on('INPUT', 'checkbox'))).toBe('open');
    expect(inboxKeyAction(press('Enter'), on('DIV'))).toBe('open');
  });

  it('Enter on a row button is the button’s own click, so the row does not open twice', () => {
    expect(inboxKeyAction(press('Enter'), on('BUTTON'))).toBeNull();
  });

  it('does nothing while the agent types in a field, or with a modifier held', () => {
    for (const target of [on('TEXTAREA'), on('INPUT'), on('INPUT', 'search'), on('SELECT'), on('DIV', undefined, true)]) {
      expect(isTypingTarget(target)).toBe(true);
      expect(inboxKeyAction(press('j'), target)).toBeNull();
      expect(inboxKeyAction(press('x'), target)).toBeNull();
    }
    expect(inboxKeyAction(press('j', { ctrlKey: true }), on('BUTTON'))).toBeNull();
    expect(inboxKeyAction(press('x', { metaKey: true }), on('BUTTON'))).toBeNull();
    expect(inboxKeyAction(press('q'), on('BUTTON'))).toBeNull();
  });

  it('moves through the rows and stops at either end', () => {
    const ids = ['a', 'b', 'c'];
    expect(moveActive(ids, null, 1)).toBe('a');
    expect(moveActive(ids, 'a', 1)).toBe('b');
    expect(moveActive(ids, 'c', 1)).toBe('c');
    expect(moveActive(ids, 'a', -1)).toBe('a');
    expect(moveActive(ids, 'gone', -1)).toBe('a');
    expect(moveActive([], 'a', 1)).toBeNull();
  });
});
