import { homedir } from 'node:os';
import { join } from 'node:path';

const valueOf = (argv: readonly string[], flag: string): string | undefined => {
  const index = argv.indexOf(flag);
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
};

/** `--port N`; 0 asks the OS for a free port (tests). */
export function portFrom(argv: readonly string[]): number | undefined {
  const raw = valueOf(argv, '--port');
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number, got "${raw.slice(0, 20)}"`);
  return port;
}

/** Where preferences live: `--data-dir`, `TANDEM_DATA_DIR`, or the XDG data home. */
export function dataDirFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  return valueOf(argv, '--data-dir') ?? env['TANDEM_DATA_DIR'] ?? join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'tandem');
}
