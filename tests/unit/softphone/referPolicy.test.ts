/**
 * Ana's desk (sip:1001@pbx.example.com) is on a call and the far end sends a
 * REFER. Which transfers her phone follows, which it asks her about, and
 * which it refuses: main/core/softphone/calls/referPolicy.ts.
 */
import { describe, expect, it } from 'vitest';
import { decideRefer, kindOfUser, parseSipAddress, type TransferRules } from '../../../main/core/softphone/calls/referPolicy';

const RULES: TransferRules = {
  domain: 'pbx.example.com',
  defaultRegion: 'US',
  roster: ['sip:1003@pbx.example.com'],
  allowedTargets: ['2001', 'sip:queue-sales@pbx.example.com'],
  allowFromExternal: false,
  allowPhoneNumbers: false,
};

const BEN = '"Ben K." <sip:1002@pbx.example.com>';
const CUSTOMER = '"Carla" <sip:+12125550123@pbx.example.com>';

function decide(referrer: string, referTo: string, rules: Partial<TransferRules> = {}) {
  return decideRefer({ referrer: parseSipAddress(referrer), target: parseSipAddress(referTo) }, { ...RULES, ...rules });
}

describe('a REFER from an external party', () => {
  it('a customer calling from the phone network (a number in our domain) cannot transfer Ana anywhere: 603', () => {
    expect(decide(CUSTOMER, '<sip:1002@pbx.example.com>')).toEqual({ action: 'refuse', statusCode: 603, reason: 'external-referrer' });
    expect(decide(CUSTOMER, '<sip:2001@pbx.example.com>')).toMatchObject({ action: 'refuse', reason: 'external-referrer' });
  });

  it('neither can a caller from another SIP domain, nor one whose address could not be read', () => {
    expect(decide('<sip:1002@elsewhere.example.net>', '<sip:1002@pbx.example.com>')).toMatchObject({ reason: 'external-referrer' });
    expect(decideRefer({ referrer: undefined, target: parseSipAddress('<sip:1002@pbx.example.com>') }, RULES)).toMatchObject({ reason: 'external-referrer' });
  });

  it('a teammate on the roster is not external even if the roster names them in another domain', () => {
    expect(decide('<sip:1003@pbx.example.com>', '<sip:1002@pbx.example.com>')).toMatchObject({ action: 'ask' });
  });

  it('with sip.transfer.allowFromExternal the customer may ask Ana; the same target rules apply', () => {
    expect(decide(CUSTOMER, '<sip:1002@pbx.example.com>', { allowFromExternal: true })).toMatchObject({ action: 'ask', target: 'sip:1002@pbx.example.com' });
    expect(decide(CUSTOMER, '<sip:+19005550100@pbx.example.com>', { allowFromExternal: true })).toMatchObject({ reason: 'phone-number' });
  });
});

describe('a REFER from a colleague', () => {
  it('to a teammate on the roster or a configured extension: followed without asking', () => {
    expect(decide(BEN, '<sip:1003@pbx.example.com>')).toEqual({ action: 'follow', target: 'sip:1003@pbx.example.com', replaces: undefined });
    expect(decide(BEN, 'sip:2001@PBX.example.com')).toMatchObject({ action: 'follow', target: 'sip:2001@pbx.example.com' });
    expect(decide(BEN, '<sip:queue-sales@pbx.example.com>')).toMatchObject({ action: 'follow' });
  });

  it('to any other extension of our domain: Ana is asked, and the prompt names the target', () => {
    expect(decide(BEN, '"Front desk" <sip:2002@pbx.example.com>')).toEqual({ action: 'ask', target: 'sip:2002@pbx.example.com', replaces: undefined });
  });

  it('to a premium-rate number through our own gateway: refused unless the profile lets Ana be asked', () => {
    expect(decide(BEN, '<sip:+19005550100@pbx.example.com>')).toEqual({ action: 'refuse', statusCode: 603, reason: 'phone-number' });
    // Escaped, with an outside-line prefix, or as a feature code: still a number or a code, not an extension.
    expect(decide(BEN, '<sip:%2B19005550100@pbx.example.com>')).toMatchObject({ reason: 'phone-number' });
    expect(decide(BEN, '<sip:919005550100@pbx.example.com>')).toMatchObject({ reason: 'phone-number' });
    expect(decide(BEN, '<sip:*7219005550100@pbx.example.com>')).toMatchObject({ reason: 'phone-number' });
    expect(decide(BEN, '<sip:+19005550100@pbx.example.com>', { allowPhoneNumbers: true })).toMatchObject({ action: 'ask' });
  });

  it('outside our domain, or not a SIP URI: refused, whoever asks', () => {
    expect(decide(BEN, '<sip:1002@elsewhere.example.net>')).toMatchObject({ action: 'refuse', reason: 'other-domain' });
    expect(decide(BEN, '<tel:+12125550123>')).toMatchObject({ action: 'refuse', reason: 'not-sip' });
    expect(decide(BEN, '<sip:pbx.example.com>')).toMatchObject({ action: 'refuse', reason: 'not-sip' });
    expect(decide(BEN, '<sip:ev%0D%0Ail@pbx.example.com>')).toMatchObject({ action: 'refuse', reason: 'not-sip' });
  });
});

describe('the target is rebuilt from scheme, user and host only', () => {
  it('maddr, transport, lr, a port and URI headers are dropped (a maddr is never taken for the host)', () => {
    const decision = decide(BEN, '<sip:+19005550100@pbx.example.com:5080;maddr=203.0.113.9;transport=udp;lr?Subject=hi&Priority=urgent>', {
      allowPhoneNumbers: true,
    });
    expect(decision).toEqual({ action: 'ask', target: 'sip:+19005550100@pbx.example.com', replaces: undefined });
    // sip.js would read this host as pbx.example.com (its grammar stores maddr as the host); it is elsewhere.
    expect(decide(BEN, '<sip:2002@elsewhere.example.net;maddr=pbx.example.com>')).toMatchObject({ reason: 'other-domain' });
  });

  it('an attended transfer keeps its Replaces, decoded for the INVITE header (RFC 3891 §6.1)', () => {
    const referTo = '<sip:1003@pbx.example.com;transport=ws?Replaces=abc%40host%3Bto-tag%3Dtheirs%3Bfrom-tag%3Dours>';
    expect(decide(BEN, referTo)).toEqual({ action: 'follow', target: 'sip:1003@pbx.example.com', replaces: 'abc@host;to-tag=theirs;from-tag=ours' });
  });

  it('a Replaces that would smuggle a header line, or lacks its tags, is a bad request (400)', () => {
    expect(decide(BEN, '<sip:1003@pbx.example.com?Replaces=abc%3Bto-tag%3Da%3Bfrom-tag%3Db%0D%0AX-Evil%3A%201>')).toEqual({
      action: 'refuse',
      statusCode: 400,
      reason: 'bad-replaces',
    });
    expect(decide(BEN, '<sip:1003@pbx.example.com?Replaces=abc>')).toMatchObject({ reason: 'bad-replaces' });
  });
});

describe('kindOfUser', () => {
  it('tells extensions from phone numbers and feature codes', () => {
    expect(kindOfUser('1002', 'US')).toBe('extension');
    expect(kindOfUser('123456', 'US')).toBe('extension');
    expect(kindOfUser('queue-sales', 'US')).toBe('extension');
    expect(kindOfUser('+442071838750', 'US')).toBe('phone-number');
    expect(kindOfUser('2125550123', 'US')).toBe('phone-number');
    expect(kindOfUser('1234567', 'US')).toBe('phone-number');
    expect(kindOfUser('*72', 'US')).toBe('feature-code');
    expect(kindOfUser('%2A72', 'US')).toBe('feature-code');
  });
});
