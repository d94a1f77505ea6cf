/**
 * The idempotency key for one send (`[A-Za-z0-9_-]{8,64}` in the contract):
 * 128 random bits, base64url. It is stored with the draft before the first
 * attempt, so every retry — after a failure, a reload or a crash — reuses it
 * and main never posts the same reply twice.
 */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
