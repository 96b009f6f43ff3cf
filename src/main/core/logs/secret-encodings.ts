import bs58 from 'bs58';

/**
 * Every text form in which a key of ours could be written: the solana-keygen JSON array (compact and with
 * spaces), base58, hex (both cases), base64 and base64url. Redacting these exact strings catches the key even
 * where its shape alone would not (glued to other characters, cut at a line end).
 */
export function secretEncodings(bytes: Uint8Array): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numbers = Array.from(bytes);
  const hex = buf.toString('hex');
  const base64 = buf.toString('base64');
  return [
    `[${numbers.join(',')}]`,
    `[${numbers.join(', ')}]`,
    bs58.encode(bytes),
    hex,
    hex.toUpperCase(),
    base64,
    base64.replace(/=+$/, ''),
    buf.toString('base64url'),
  ];
}
