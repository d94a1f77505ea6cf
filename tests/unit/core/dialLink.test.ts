import { describe, expect, it } from 'vitest';
import { parseDialLink, PendingDials } from '../../../main/core/dial/dialLink';

describe('tel: and sip: links from the desktop', () => {
  it('turns links into dial targets', () => {
    expect(parseDialLink('tel:+1-555-0100')).toBe('+1-555-0100');
    expect(parseDialLink('tel:%2B34%20600%20000%20000;phone-context=x')).toBe('+34 600 000 000');
    expect(parseDialLink('sip:1002@127.0.0.1')).toBe('sip:1002@127.0.0.1');
    expect(parseDialLink('SIP:ben@pbx.example.com;transport=ws')).toBe('sip:ben@pbx.example.com');
  });

  it('refuses links that are not dial targets', () => {
    for (const link of ['javascript:alert(1)', 'tel:<script>', 'sip:@', 'tel:' + '1'.repeat(600), 'https://example.com', 'tel:%E0%A4%A']) {
      expect(parseDialLink(link)).toBeUndefined();
    }
  });

  it('queues dials until a window takes them, then delivers directly until it goes away', () => {
    const delivered: string[] = [];
    const dials = new PendingDials((target) => delivered.push(target));
    dials.request('+15550100');
    expect(delivered).toEqual([]);
    expect(dials.take()).toEqual(['+15550100']);
    dials.request('+15550101');
    expect(delivered).toEqual(['+15550101']);
    dials.windowGone();
    dials.request('+15550102');
    expect(dials.take()).toEqual(['+15550102']);
  });
});
