import { describe, expect, it } from 'vitest';
import { e164FromUser, normaliseDialTarget } from '../../../main/core/softphone/calls/dialTarget';
import { partyFrom, sanitiseText } from '../../../main/core/softphone/calls/party';
import { sipfragStatus } from '../../../main/core/softphone/calls/transferor';
import { extensionPatternOf, Profile } from '../../../main/core/profile/profileSchema';

describe('what Ana types in "Phone number or SIP address"', () => {
  it.each([
    ['(212) 555-0123', 'sip:+12125550123@pbx.example.com', '+12125550123'],
    ['212.555.0123', 'sip:+12125550123@pbx.example.com', '+12125550123'],
    ['+44 20 7946 0958', 'sip:+442079460958@pbx.example.com', '+442079460958'],
    ['0034 612 345 678', 'sip:+34612345678@pbx.example.com', '+34612345678'],
    ['tel:+1-212-555-0123', 'sip:+12125550123@pbx.example.com', '+12125550123'],
  ])('dials the number %s as %s', (input, uri, number) => {
    expect(normaliseDialTarget(input, 'US', 'pbx.example.com')).toEqual({ uri, number });
  });

  it('takes a SIP URI as it is', () => {
    expect(normaliseDialTarget(' sip:ben@pbx.example.com ', 'US', 'pbx.example.com')).toEqual({ uri: 'sip:ben@pbx.example.com', number: null });
    expect(normaliseDialTarget('sips:+12125550123@pbx.example.com', 'US', 'x')?.number).toBe('+12125550123');
  });

  it.each(['call my cousin', '1', '1234567', '+1 555', 'sip:', 'javascript:alert(1)', 'sip:a@b\r\nVia: x', ''])('refuses %j', (input) => {
    expect(normaliseDialTarget(input, 'US', 'pbx.example.com')).toBeUndefined();
  });

  it('dials digits that are no phone number as an extension on her own domain, as a desk phone does', () => {
    expect(normaliseDialTarget('2001', 'US', 'pbx.example.com')).toEqual({ uri: 'sip:2001@pbx.example.com', number: null });
    expect(normaliseDialTarget(' 123 ', 'US', 'pbx.example.com')).toEqual({ uri: 'sip:123@pbx.example.com', number: null });
    // A valid national number stays a phone number even when it would fit the pattern.
    expect(normaliseDialTarget('2125550123', 'US', 'pbx.example.com', /^[0-9]{2,12}$/u)?.number).toBe('+12125550123');
  });

  it('follows the deployment’s extension pattern, and nothing else', () => {
    const pattern = /^(\*[0-9]{2}|[0-9]{4})$/u;
    expect(normaliseDialTarget('*72', 'US', 'pbx', pattern)).toEqual({ uri: 'sip:*72@pbx', number: null });
    expect(normaliseDialTarget('2001', 'US', 'pbx', pattern)?.uri).toBe('sip:2001@pbx');
    expect(normaliseDialTarget('200', 'US', 'pbx', pattern)).toBeUndefined();
    expect(normaliseDialTarget(`${'1'.repeat(40)}`, 'US', 'pbx', /^[0-9]+$/u)).toBeUndefined();
  });

  it('uses the agent’s default region for national numbers', () => {
    expect(normaliseDialTarget('020 7946 0958', 'GB', 'pbx')?.number).toBe('+442079460958');
  });
});

describe('a caller as the desk shows it', () => {
  it('reads an E.164 number from a numeric user part, and none from a name', () => {
    expect(e164FromUser('2125550123', 'US')).toBe('+12125550123');
    expect(e164FromUser('+442079460958', 'US')).toBe('+442079460958');
    expect(e164FromUser('carla', 'US')).toBeNull();
    expect(e164FromUser(undefined, 'US')).toBeNull();
  });

  it('strips controls and bidi overrides so "\\u202Egnp.exe" cannot reorder what Ana reads', () => {
    expect(sanitiseText('Evil\u202Egnp.exe\u2066x\u2069')).toBe('Evilgnp.exex');
    expect(sanitiseText('line1\r\nline2\u0000\u009b')).toBe('line1 line2');
  });

  it('keeps HTML as inert text (the renderer shows text, never markup)', () => {
    expect(sanitiseText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('cuts 10 kB of text to 128 user-perceived characters, emoji and accents intact', () => {
    const family = '👨‍👩‍👧';
    const cut = sanitiseText(family.repeat(5000));
    const graphemes = [...new Intl.Segmenter().segment(cut)].map((s) => s.segment);
    expect(graphemes).toHaveLength(128);
    expect(graphemes[0]).toBe(family);
    expect(graphemes.at(-1)).toBe('…');
    expect(sanitiseText('Zoë')).toBe('Zoë');
  });

  it('builds the Party from the From header', () => {
    expect(partyFrom('sip:2125550123@127.0.0.1', '2125550123', '\u202ECarla', 'US')).toEqual({
      uri: 'sip:2125550123@127.0.0.1',
      displayName: 'Carla',
      number: '+12125550123',
    });
  });
});

describe('transfer progress (message/sipfrag, RFC 3420)', () => {
  it('reads the status of a NOTIFY body', () => {
    expect(sipfragStatus('SIP/2.0 100 Trying\r\n')).toBe(100);
    expect(sipfragStatus('SIP/2.0 200 OK')).toBe(200);
    expect(sipfragStatus('garbage')).toBeUndefined();
    expect(sipfragStatus(undefined)).toBeUndefined();
  });
});

describe('the deployment’s extension pattern in the profile', () => {
  const sip = { server: 'wss://pbx.example.com/ws', uri: 'sip:1001@pbx.example.com' };

  it('is compiled for the dialler when it is given, and absent otherwise', () => {
    const profile = Profile.parse({ sip: { ...sip, extensionPattern: '^[0-9]{4}$' } });
    expect(extensionPatternOf(profile)?.test('2001')).toBe(true);
    expect(extensionPatternOf(Profile.parse({ sip }))).toBeUndefined();
  });

  it.each([
    ['[0-9]{4}', 'must be anchored at both ends'],
    ['^([0-9]$', 'must be a valid regular expression'],
    [`^${'1'.repeat(100)}$`, 'Too big'],
  ])('refuses %j with a clear message', (extensionPattern, message) => {
    const parsed = Profile.safeParse({ sip: { ...sip, extensionPattern } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain(message);
  });
});
