import { describe, expect, it } from 'vitest';
import { bindWindowAttention, type WindowAttention } from '../../../main/core/alerts/windowAttention';
import { EventBus } from '../../../main/core/events/eventBus';
import { callInfo } from '../renderer/softphoneFakes';

/** A shell's signal as the taskbar shows it: the last count asked for. */
function fakeTaskbar() {
  const shown: number[] = [];
  const attention: WindowAttention = { show: (ringing) => void shown.push(ringing) };
  return { attention, shown };
}

describe('the taskbar asks for the agent while calls ring', () => {
  it('counts the calls ringing in, and takes the signal away when the last one is answered or gone', () => {
    const events = new EventBus();
    const taskbar = fakeTaskbar();
    bindWindowAttention(events, taskbar.attention);
    const first = callInfo({ id: 'a' });
    const second = callInfo({ id: 'b' });
    events.emit('softphone:call', first);
    events.emit('softphone:call', first);
    events.emit('softphone:call', second);
    expect(taskbar.shown).toEqual([1, 2]);
    events.emit('softphone:call', { ...first, state: 'active', answeredAt: 1 });
    events.emit('softphone:call', { ...second, state: 'ended', outcome: 'missed' });
    expect(taskbar.shown).toEqual([1, 2, 1, 0]);
  });

  it('ignores calls the agent makes', () => {
    const events = new EventBus();
    const taskbar = fakeTaskbar();
    bindWindowAttention(events, taskbar.attention);
    events.emit('softphone:call', callInfo({ direction: 'outbound', state: 'ringing' }));
    expect(taskbar.shown).toEqual([]);
  });

  it('clears the signal when the app stops with a call still ringing', () => {
    const events = new EventBus();
    const taskbar = fakeTaskbar();
    const stop = bindWindowAttention(events, taskbar.attention);
    events.emit('softphone:call', callInfo());
    stop();
    expect(taskbar.shown).toEqual([1, 0]);
    events.emit('softphone:call', callInfo());
    expect(taskbar.shown).toEqual([1, 0]);
  });
});
