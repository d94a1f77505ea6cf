import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The priority chips and the waiting timer's tones carry their own background
 * (theme.css), so their text keeps WCAG AA's 4.5:1 on any row, plain or
 * selected, in the light and the dark scheme. Read from the stylesheet itself.
 */
const theme = readFileSync(new URL('../../../renderer/src/styles/theme.css', import.meta.url), 'utf8');

/** Every `--name: light-dark(#rrggbb, #rrggbb)` declaration in the stylesheet. */
const PAIRS = new Map(
  [...theme.matchAll(/--([a-z-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/gi)].map((m) => [m[1]!, { light: m[2]!, dark: m[3]! }]),
);

function pair(name: string): { light: string; dark: string } {
  const found = PAIRS.get(name);
  if (found === undefined) throw new Error(`--${name} is not a light-dark() pair of hex colours in theme.css`);
  return found;
}

function luminance(hex: string): number {
  const channel = (at: number) => {
    const value = parseInt(hex.slice(at, at + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('chip and timer colours', () => {
  for (const name of ['chip-low', 'chip-normal', 'chip-high', 'chip-urgent', 'timer-near', 'timer-over']) {
    it(`${name} reads at 4.5:1 or better in light and dark`, () => {
      const fg = pair(`${name}-fg`);
      const bg = pair(`${name}-bg`);
      expect(contrast(fg.light, bg.light)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(fg.dark, bg.dark)).toBeGreaterThanOrEqual(4.5);
    });
  }

  it('each level looks different from the one below it', () => {
    const backgrounds = ['chip-low', 'chip-normal', 'chip-high', 'chip-urgent'].map((name) => pair(`${name}-bg`));
    expect(new Set(backgrounds.map((b) => b.light)).size).toBe(4);
    expect(new Set(backgrounds.map((b) => b.dark)).size).toBe(4);
  });
});
