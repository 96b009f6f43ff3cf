import bs58 from 'bs58';

/**
 * Every text form in which a key of ours could be written: the solana-keygen JSON array (compact and with
 * spaces), base58, hex (both cases, also with colons and as Node prints a Buffer), base64 (also
 * percent-encoded) and base64url. Redacting these exact strings catches the key even where its shape alone
 * would not (glued to other characters, or the 32-byte seed, which the shapes leave to sha256 digests).
 */
export function secretEncodings(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numbers = Array.from(bytes);
  const hex = buf.toString('hex');
  const base64 = buf.toString('base64');
  const pairs = hex.match(/../g) ?? [];
  return [
    `[${numbers.join(',')}]`,
    `[${numbers.join(', ')}]`,
    bs58.encode(bytes),
    hex,
    hex.toUpperCase(),
    base64,
    base64.replace(/=+$/, ''),
    encodeURIComponent(base64),
    pairs.join(':'),
    pairs.join(':').toUpperCase(),
    // Node's <Buffer 01 02 ...> shows the first 50 bytes.
    pairs.slice(0, 50).join(' '),
    buf.toString('base64url'),
  ];
}
