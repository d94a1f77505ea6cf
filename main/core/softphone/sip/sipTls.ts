import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import type { ClientOptions } from 'ws';

/**
 * Node's names for "the server's certificate did not verify" (OpenSSL's
 * X509_V_ERR_* as `error.code`, plus Node's own host-name check). Any of them
 * means the server is not who we trust, which no retry changes.
 */
const UNTRUSTED_CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The verification code when `error` says the server's certificate was refused, else undefined. */
export function untrustedCertificateCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNTRUSTED_CERTIFICATE_CODES.has(code) ? code : undefined;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM file, each checked to parse as X.509. Errors name
 * the file and never quote it.
 */
export function parseTrustedCertificates(text: string, file: string): string[] {
  const found = text.match(PEM_CERTIFICATE) ?? [];
  if (found.length === 0) throw new Error(`sip.trustedCertificates: ${file} holds no PEM certificate`);
  return found.map((pem, index) => {
    try {
      new X509Certificate(pem);
    } catch (error: unknown) {
      throw new Error(`sip.trustedCertificates: certificate ${index + 1} in ${file} does not parse`, { cause: error });
    }
    return pem;
  });
}

/**
 * The CAs Node trusts when told nothing: its bundled store plus
 * NODE_EXTRA_CA_CERTS and, with --use-system-ca, the operating system's
 * (`getCACertificates('default')`, Node 22.15+, so Electron). Node 20 has only
 * the bundled list. Giving `ca` replaces these, so we always start from them.
 */
function defaultCertificates(): readonly string[] {
  const getCACertificates = (tls as { getCACertificates?: (type: 'default') => string[] }).getCACertificates;
  return getCACertificates === undefined ? tls.rootCertificates : getCACertificates('default');
}

/**
 * The TLS side of the desk's SIP connection: which CAs it trusts (the
 * system's, plus the profile's `sip.trustedCertificates` file) and, after a
 * failed connect, whether TLS refused the server's certificate. Verification
 * is never turned off.
 */
export class SipTls {
  readonly #file: string | undefined;
  readonly #read: (file: string) => Promise<string>;
  #extra: readonly string[] = [];
  #refusal: string | undefined;

  constructor(trustedCertificatesFile: string | undefined, read: (file: string) => Promise<string> = (file) => readFile(file, 'utf8')) {
    this.#file = trustedCertificatesFile;
    this.#read = read;
  }

  /** Before each connect: forget the last refusal and read the file again (an administrator may have replaced it). */
  async prepare(): Promise<void> {
    this.#refusal = undefined;
    if (this.#file === undefined) return;
    let text: string;
    try {
      text = await this.#read(this.#file);
    } catch (error: unknown) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new Error(`sip.trustedCertificates: ${this.#file} cannot be read (${code})`, { cause: error });
    }
    this.#extra = parseTrustedCertificates(text, this.#file);
  }

  /** Options for the `ws` client of the next connection: Node's defaults unless the profile adds CAs. */
  clientOptions(): ClientOptions {
    return this.#extra.length === 0 ? {} : { ca: [...defaultCertificates(), ...this.#extra] };
  }

  /** Every error of the SIP WebSocket passes here; a certificate refusal is remembered. */
  noteError(error: unknown): void {
    this.#refusal = untrustedCertificateCode(error) ?? this.#refusal;
  }

  /** Why TLS refused the server during the last connect, if it did. */
  get refusal(): string | undefined {
    return this.#refusal;
  }
}
