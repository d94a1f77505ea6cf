import type { IncomingHttpHeaders } from 'node:http';

/**
 * The path and query of an origin-form request target (RFC 9112 §3.2.1), or
 * undefined for anything else: absolute-form (`GET http://evil/`),
 * authority-form, `*`, or a target `new URL` cannot read. Parsed against a
 * fixed base so `//x` stays a path and never names a host; never throws.
 */
export function requestTarget(raw: string | undefined): URL | undefined {
  if (raw === undefined || !raw.startsWith('/')) return undefined;
  try {
    return new URL(`http://host.invalid${raw}`);
  } catch {
    return undefined;
  }
}

export type HostVerdict = 'ours' | 'loopback' | 'foreign';

/**
 * Whom a request was addressed to. Only our own name and port is served
 * ('ours'); the bare loopback address and port ('loopback') only gets a
 * redirect to the name. Any other Host (another name, another port, none)
 * is a DNS-rebinding page or a confused proxy: 'foreign', refused.
 */
export function hostVerdict(headers: IncomingHttpHeaders, name: string, port: number): HostVerdict {
  const host = headers.host?.toLowerCase();
  if (host === `${name}:${port}`) return 'ours';
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return 'loopback';
  return 'foreign';
}
