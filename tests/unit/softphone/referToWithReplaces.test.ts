import { UserAgent } from 'sip.js';
import { describe, expect, it } from 'vitest';
import { referToWithReplaces, sipfragStatus } from '../../../main/core/softphone/calls/transferor';

describe('referToWithReplaces', () => {
  it('writes the AOR with an escaped Replaces header, in angle brackets (RFC 3891 §6.1, RFC 3261 §20.10)', () => {
    const aor = UserAgent.makeURI('sip:1002@pbx.example.com;transport=ws');
    if (aor === undefined) throw new Error('test URI does not parse');
    const target = referToWithReplaces(aor, 'abc@host', 'their-tag', 'our-tag');
    expect(target.toString()).toBe('<sip:1002@pbx.example.com?Replaces=abc%40host%3Bto-tag%3Dtheir-tag%3Bfrom-tag%3Dour-tag>');
    // What the transferee reads back (sip.js Referral.replaces → decodeURIComponent).
    expect(decodeURIComponent(String(target.getHeader('Replaces')))).toBe('abc@host;to-tag=their-tag;from-tag=our-tag');
  });
});

describe('sipfragStatus', () => {
  it('reads the status of a message/sipfrag body', () => {
    expect(sipfragStatus('SIP/2.0 200 OK\r\n')).toBe(200);
    expect(sipfragStatus('  SIP/2.0 100 Trying')).toBe(100);
    expect(sipfragStatus('garbage')).toBeUndefined();
    expect(sipfragStatus(undefined)).toBeUndefined();
  });
});
