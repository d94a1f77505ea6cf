// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { TandemApi } from '@tandem/contract';
import { LONG_ABSENCE_MS, watchNetwork } from '../../../renderer/src/network/watchNetwork';

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('the browser host tells main when the network comes back', () => {
  it('asks main to re-register when the browser goes back online', () => {
    const networkChanged = vi.fn(() => Promise.resolve({ ok: true as const, value: null }));
    const stop = watchNetwork(window, { networkChanged } as unknown as TandemApi);
    window.dispatchEvent(new Event('online'));
    expect(networkChanged).toHaveBeenCalledTimes(1);
    stop();
    window.dispatchEvent(new Event('online'));
    expect(networkChanged).toHaveBeenCalledTimes(1);
  });

  it('re-registers after a long absence (a closed lid), not after a glance at another tab', () => {
    let clock = 0;
    const networkChanged = vi.fn(() => Promise.resolve({ ok: true as const, value: null }));
    const stop = watchNetwork(window, { networkChanged } as unknown as TandemApi, () => clock);
    setVisibility('hidden');
    clock += 5_000;
    setVisibility('visible');
    expect(networkChanged).not.toHaveBeenCalled();
    setVisibility('hidden');
    clock += LONG_ABSENCE_MS;
    setVisibility('visible');
    expect(networkChanged).toHaveBeenCalledTimes(1);
    stop();
  });
});
