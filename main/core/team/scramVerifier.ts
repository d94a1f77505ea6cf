import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * A SCRAM-SHA-256 verifier in PostgreSQL's stored form (RFC 5802 §3, RFC 7677),
 * so `CREATE ROLE … PASSWORD` carries the verifier, never the password: it
 * cannot land in a server log or `pg_stat_activity` in clear.
 * The password must be ASCII without SASLprep-mapped characters (ours are base64url).
 */
export function scramVerifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A new agent password: 144 random bits, URL- and shell-safe. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
