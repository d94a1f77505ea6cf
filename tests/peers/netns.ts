/**
 * Guard for tests that start real network servers: they must run inside a
 * loopback-only network namespace (`unshare -n`, then `ip link set lo up`),
 * so that nothing can reach a non-loopback address, not even DNS.
 *
 * We read /proc/self/net/dev rather than /sys/class/net: sysfs shows the
 * interfaces of the namespace that mounted it (the host's), while /proc/self/net
 * follows the namespace of the reading process.
 */
import { readFileSync } from 'node:fs';

/** Names of the network interfaces visible to this process. */
export function networkInterfaces(): string[] {
  const text = readFileSync('/proc/self/net/dev', 'utf8');
  return text
    .split('\n')
    .slice(2)
    .map((line) => line.split(':')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
}

/**
 * Throws unless only `lo` exists. With TANDEM_ALLOW_HOST_NET=1 it prints a
 * warning instead (for a developer who knowingly runs on the host network).
 */
export function assertLoopbackOnly(): void {
  const names = networkInterfaces();
  const others = names.filter((name) => name !== 'lo');
  if (others.length === 0 && names.includes('lo')) return;
  const message =
    `this test must run in a loopback-only network namespace, but it sees: ${names.join(', ')}. ` +
    `Run it through tests/run-all.sh, or: unshare -n bash -c 'ip link set lo up && npx vitest run --project integration'`;
  if (process.env['TANDEM_ALLOW_HOST_NET'] === '1') {
    console.warn(`WARNING (TANDEM_ALLOW_HOST_NET=1): ${message}`);
    return;
  }
  throw new Error(message);
}
