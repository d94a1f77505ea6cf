// @vitest-environment happy-dom
import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Desk } from '../../../renderer/src/startDesk';
import { isolatedLtr } from '../../../renderer/src/ui/safeText';
import { createFakeHost, type FakeHost } from './fakeHost';
import { closeDesk, renderDesk } from './deskFixture';

let desk: Desk | undefined;

function openDesk(host: FakeHost): Desk {
  desk = renderDesk(host, { onWindow: true });
  return desk;
}

afterEach(() => {
  closeDesk();
  document.documentElement.removeAttribute('lang');
  document.documentElement.removeAttribute('dir');
});

describe('an agent who reads Arabic gets the desk right to left', () => {
  it('the language list offers the five shipped languages, each named in itself', async () => {
    openDesk(createFakeHost());
    await screen.findByText('Maya Lopez');
    const options = within(screen.getByRole('combobox', { name: 'Language' })).getAllByRole('option');
    expect(options.map((option) => [option.getAttribute('value'), option.textContent, option.getAttribute('lang')])).toEqual([
      ['en', 'English', 'en'],
      ['es', 'Español', 'es'],
      ['pt-BR', 'Português (Brasil)', 'pt-BR'],
      ['fr', 'Français', 'fr'],
      ['ar', 'العربية', 'ar'],
    ]);
  });

  it('choosing Arabic turns the page right to left and relabels it; French turns it back', async () => {
    const host = createFakeHost();
    openDesk(host);
    await screen.findByText('Maya Lopez');
    expect(document.documentElement.dir).toBe('ltr');

    fireEvent.change(screen.getByRole('combobox', { name: 'Language' }), { target: { value: 'ar' } });

    expect(await screen.findByRole('region', { name: 'المكالمات' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(host.settings().language).toBe('ar');

    fireEvent.change(screen.getByRole('combobox', { name: 'اللغة' }), { target: { value: 'fr' } });

    expect(await screen.findByRole('region', { name: 'Appels' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
    expect(document.documentElement.dir).toBe('ltr');
  });

  it('an agent whose settings say Brazilian Portuguese starts in it, left to right', async () => {
    openDesk(createFakeHost({ settings: { language: 'pt-BR' } }));
    expect(await screen.findByRole('region', { name: 'Chamadas' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('pt-BR');
    expect(document.documentElement.dir).toBe('ltr');
  });
});

describe('phone numbers and SIP addresses stay left to right inside right-to-left sentences', () => {
  it('a number put into a translated sentence is wrapped in a left-to-right isolate it cannot close early', () => {
    expect(isolatedLtr('+1 212 555 0100')).toBe('\u2066+1 212 555 0100\u2069');
    // A number from the network that carries its own PDI/RLO loses them first.
    expect(isolatedLtr('+1 212\u2069\u202e 555')).toBe('\u2066+1 212 555\u2069');
  });
});
