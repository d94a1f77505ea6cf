import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { Profile } from '../../../main/core/profile/profileSchema';
import { parseTrustedCertificates, SipTls, untrustedCertificateCode } from '../../../main/core/softphone/sip/sipTls';

// Two real, public certificates to stand in for a company's private CA file.
const [FIRST = '', SECOND = ''] = rootCertificates;
const sip = { server: 'wss://sip.example.com', uri: 'sip:1001@example.com' };

const tlsError = (code: string): Error => Object.assign(new Error('handshake failed'), { code });

describe('the desk trusts a private CA for wss:// without dropping the system’s', () => {
  it('the profile takes sip.trustedCertificates as an absolute path, and refuses a relative one by name', () => {
    expect(Profile.parse({ sip: { ...sip, trustedCertificates: '/etc/tandem/company-ca.pem' } }).sip?.trustedCertificates).toBe('/etc/tandem/company-ca.pem');
    const relative = Profile.safeParse({ sip: { ...sip, trustedCertificates: 'company-ca.pem' } });
    expect(relative.success).toBe(false);
    expect(relative.error?.issues[0]).toMatchObject({ path: ['sip', 'trustedCertificates'], message: 'must be an absolute path to a PEM file' });
  });

  it('without a file, the socket gets no CA list at all: Node’s own defaults apply untouched', async () => {
    const tls = new SipTls(undefined);
    await tls.prepare();
    expect(tls.clientOptions()).toEqual({});
  });

  it('with a file, the socket trusts the system’s CAs plus every certificate of the file, and never turns verification off', async () => {
    const tls = new SipTls('/etc/tandem/company-ca.pem', () => Promise.resolve(`# company CAs\n${FIRST}\n${SECOND}\n`));
    await tls.prepare();
    const options = tls.clientOptions();
    const ca = options.ca as string[];
    expect(ca.slice(-2)).toEqual([FIRST, SECOND]);
    expect(ca.length).toBe(rootCertificates.length + 2);
    expect(options).not.toHaveProperty('rejectUnauthorized');
  });

  it('the file is read again at each connect, so a replaced CA file needs no restart', async () => {
    let content = FIRST;
    const tls = new SipTls('/etc/tandem/company-ca.pem', () => Promise.resolve(content));
    await tls.prepare();
    content = SECOND;
    await tls.prepare();
    expect((tls.clientOptions().ca as string[]).at(-1)).toBe(SECOND);
  });

  it('a file without a certificate, a broken one or a missing file is refused naming the file, never quoting it', async () => {
    expect(() => parseTrustedCertificates('password=hunter2', '/etc/ca.pem')).toThrow('sip.trustedCertificates: /etc/ca.pem holds no PEM certificate');
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    expect(() => parseTrustedCertificates(broken, '/etc/ca.pem')).toThrow('certificate 1 in /etc/ca.pem does not parse');
    const missing = new SipTls('/etc/none.pem', () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOENT' })));
    await expect(missing.prepare()).rejects.toThrow('sip.trustedCertificates: /etc/none.pem cannot be read (ENOENT)');
  });
});

describe('a refused certificate is told apart from a network failure', () => {
  it.each(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID'])(
    '%s means the certificate is not trusted',
    (code) => {
      expect(untrustedCertificateCode(tlsError(code))).toBe(code);
    },
  );

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPROTO'])('%s is a network problem, not a certificate one', (code) => {
    expect(untrustedCertificateCode(tlsError(code))).toBeUndefined();
  });

  it('the refusal of one connect is forgotten when the next one starts, and a later socket error does not hide it', async () => {
    const tls = new SipTls(undefined);
    tls.noteError(tlsError('CERT_HAS_EXPIRED'));
    tls.noteError(tlsError('ECONNRESET'));
    expect(tls.refusal).toBe('CERT_HAS_EXPIRED');
    await tls.prepare();
    expect(tls.refusal).toBeUndefined();
  });
});
