/**
 * A throwaway certificate authority for one test run, made with Debian's
 * `openssl` CLI: a CA key and certificate, and a server certificate for
 * 127.0.0.1 (subjectAltName IP:127.0.0.1 and DNS:localhost) signed by it.
 * Everything lives in a temp dir that `dispose()` removes; nothing is
 * committed, and no key outlives the test.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface TestCa {
  readonly dir: string;
  /** PEM of the CA's certificate: what a desk that trusts this CA is given. */
  readonly caCertificate: string;
  /** The server's certificate (PEM), signed by the CA, for 127.0.0.1 and localhost. */
  readonly serverCertificate: string;
  readonly serverKey: string;
  dispose(): Promise<void>;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  try {
    await execFileAsync('openssl', [...args], { cwd: dir });
  } catch (error: unknown) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed (is Debian's openssl installed?): ${stderr.slice(0, 500)}`, { cause: error });
  }
}

/** Makes a CA and a 127.0.0.1 server certificate valid for a day. */
export async function makeTestCa(name = 'Tandem throwaway test CA'): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-ca-'));
  const file = (base: string): string => join(dir, base);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  try {
    await openssl(dir, [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await openssl(dir, ['req', ...ec, '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
    await writeFile(
      file('server.ext'),
      [
        'subjectAltName = IP:127.0.0.1, DNS:localhost',
        'basicConstraints = critical, CA:FALSE',
        'keyUsage = critical, digitalSignature',
        'extendedKeyUsage = serverAuth',
        '',
      ].join('\n'),
    );
    await openssl(dir, [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file('server.pem'),
      '-days',
      '1',
      '-extfile',
      file('server.ext'),
    ]);
  } catch (error: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    caCertificate: file('ca.pem'),
    serverCertificate: file('server.pem'),
    serverKey: file('server.key'),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
