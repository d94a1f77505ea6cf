import { describe, expect, it } from 'vitest';
import { createRendererI18n } from '../../../renderer/src/i18n/i18n';
import { ringingTitle } from '../../../renderer/src/ringing/ringingTitle';

describe('the window title while a call rings', () => {
  const en = createRendererI18n('en').t;

  it('is the app name when nothing rings, and names the caller while something does', () => {
    expect(ringingTitle(en, null)).toBe('Tandem');
    expect(ringingTitle(en, { text: 'Lucía Fernández', isAddress: false })).toBe('Incoming call — Lucía Fernández · Tandem');
  });

  it('is in the agent’s language', () => {
    expect(ringingTitle(createRendererI18n('es').t, { text: 'Lucía', isAddress: false })).toBe('Llamada entrante — Lucía · Tandem');
  });

  it('keeps a number left to right inside an isolate, so an Arabic title does not reverse it', () => {
    const title = ringingTitle(createRendererI18n('ar').t, { text: '+12125550123', isAddress: true });
    expect(title).toContain('\u2066+12125550123\u2069');
  });

  it('drops bidi overrides and controls from a hostile name and caps its length', () => {
    const title = ringingTitle(en, { text: `\u202Eexe.bad\u0007${'x'.repeat(500)}`, isAddress: false });
    expect(title).not.toContain('\u202E');
    expect(title).not.toContain('\u0007');
    expect(title.length).toBeLessThan(100);
  });

  it('says "Unknown caller" when the network gave nothing to show', () => {
    expect(ringingTitle(en, { text: '  ', isAddress: false })).toBe('Incoming call — Unknown caller · Tandem');
  });
});
