import { describe, expect, it } from 'vitest';
import { sipUserPart } from '@tandem/contract';

/*
 * Main and the page read "who is this" from a SIP address the same way: the user part, decoded,
 * whatever the SIP server, a phone's header or a teammate's profile wrote around it.
 */

describe('the user part of a SIP address', () => {
  it.each([
    ['a SIP URI, as the SIP server reports a call', 'sip:2125550123@127.0.0.1', '2125550123'],
    ['a SIPS URI, scheme in capitals', 'SIPS:+34600111222@pbx.example', '+34600111222'],
    ['no scheme', '2125550123@127.0.0.1', '2125550123'],
    ['a number as the team stores it (no scheme, no host)', '+12125550123', '+12125550123'],
    ['an extension as typed', '2001', '2001'],
    ['a scheme and no host', 'sip:2001', '2001'],
    ['URI parameters', 'sips:alice@pbx.example;transport=tls', 'alice'],
    ['URI parameters without a host', 'sip:2001;transport=ws', '2001'],
    ['headers', 'sip:2001@pbx.example?subject=hello&priority=urgent', '2001'],
    ['parameters and headers', 'sip:2001@pbx.example:5061;transport=tls?Replaces=abc%40host', '2001'],
    ['a name-addr', '"Ana Ruiz" <sip:2001@pbx.example;transport=ws>;tag=abc', '2001'],
    ['a name-addr whose quoted name holds angles and an @', '"Ana <a@b>" <sip:2001@pbx.example>', '2001'],
    ['a name-addr without its closing angle', 'Ana <sip:2001@pbx.example', '2001'],
    ['spaces around it', '  <sip:2001@pbx.example>  ', '2001'],
    ['a password', 'sip:alice:secret@pbx.example', 'alice'],
    ['a telephone-subscriber with its phone-context', 'sip:+1-212-555-0123;phone-context=example.com@pbx.example;user=phone', '+1-212-555-0123'],
    ['a percent-escaped plus', 'sip:%2B34600111222@pbx.example', '+34600111222'],
    ['a percent-escaped space and UTF-8 letters', 'sip:luc%C3%ADa%20fern%C3%A1ndez@pbx.example', 'lucía fernández'],
    ['a malformed escape, as written', 'sip:100%@pbx.example', '100%'],
    ['an escape that is no UTF-8, as written', 'sip:a%FFb@pbx.example', 'a%FFb'],
    ['an empty user', 'sip:@pbx.example', ''],
    ['nothing', '', ''],
  ])('%s: %j → %j', (_, address, user) => {
    expect(sipUserPart(address)).toBe(user);
  });

  it('hostile input comes back as text, never an exception: bidi and zero-width characters, a decoded line break, 10 kB', () => {
    // An RLO and a zero-width joiner are the caller's words; showing them safely is the page's job (safeText).
    expect(sipUserPart('sip:\u202E1002\u200D@pbx.example')).toBe('\u202E1002\u200D');
    expect(sipUserPart('sip:2001%0D%0AVia%3A%20evil@pbx.example')).toBe('2001\r\nVia: evil');
    const long = '9'.repeat(10_240);
    expect(sipUserPart(`sip:${long}@pbx.example`)).toBe(long);
    expect(sipUserPart(`<${'<'.repeat(10_240)}`)).toBe('');
    expect(sipUserPart('%'.repeat(10_240))).toBe('%'.repeat(10_240));
    expect(sipUserPart('%41'.repeat(10_240))).toBe('A'.repeat(10_240));
    expect(sipUserPart(`"${'"'.repeat(10_240)} <sip:${';'.repeat(10_240)}@${'@'.repeat(10_240)}`)).toBe('');
  });
});
