import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS, formatCombo, parseCombo } from '@tandem/contract';
import { Profile, shortcutsOf } from '../../../main/core/profile/profileSchema';

const issues = (shortcuts: unknown) => {
  const parsed = Profile.safeParse({ shortcuts });
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('a deployment sets the keyboard shortcuts in the profile', () => {
  it('without a shortcuts key every action has its default, and the defaults are all valid and distinct', () => {
    const profile = Profile.parse({});
    expect(shortcutsOf(profile)).toEqual(DEFAULT_SHORTCUTS);
    for (const combo of Object.values(DEFAULT_SHORTCUTS)) expect(parseCombo(combo).ok, combo).toBe(true);
    expect(new Set(Object.values(DEFAULT_SHORTCUTS)).size).toBe(Object.keys(DEFAULT_SHORTCUTS).length);
  });

  it('a changed shortcut replaces its default, in canonical spelling; the others stay', () => {
    const profile = Profile.parse({ shortcuts: { answer: 'shift+ctrl+f9', mute: 'Meta+Alt+0' } });
    expect(shortcutsOf(profile)).toEqual({ ...DEFAULT_SHORTCUTS, answer: 'Ctrl+Shift+F9', mute: 'Alt+Meta+0' });
  });

  it('refuses an unknown action, naming it', () => {
    expect(issues({ snooze: 'Alt+Shift+S' }).join('\n')).toMatch(/snooze/);
  });

  it.each([
    ['A', /needs Ctrl, Alt or Meta/],
    ['Shift+A', /needs Ctrl, Alt or Meta/],
    ['Alt+Shift+Enter', /must end with a letter, a digit or F1–F12/],
    ['Hyper+A', /unknown modifier/],
    ['Alt+Alt+A', /modifier twice/],
    ['Ctrl+V', /text-editing or browser shortcut/],
    ['Ctrl+Alt+E', /AltGr/],
    ['Ctrl+Shift+T', /reserved by Chromium/],
  ])('refuses %s as a combination (%s)', (combo, reason) => {
    const found = issues({ hangup: combo });
    expect(found).toEqual([expect.stringMatching(/^shortcuts\.hangup: /)]);
    expect(found[0]).toMatch(reason);
  });

  it('refuses a combination that another action already uses, even spelled differently', () => {
    expect(issues({ hold: 'shift+alt+a' })).toEqual(['shortcuts.hold: is already the shortcut of another action']);
  });

  it('spells every combination one way, modifiers in a fixed order', () => {
    const parsed = parseCombo('shift+META+alt+z');
    expect(parsed.ok && formatCombo(parsed.combo)).toBe('Alt+Shift+Meta+Z');
  });
});
