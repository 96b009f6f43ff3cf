import {
  HEADER_ADDRESS,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  SIGNATURE_WINDOW_MS,
} from '../../src/main/core/grid/protocol';
import { decodeAddress, signingMessage, verifyRequestSignature } from '../../src/main/core/grid/request-signing';
import type { GridDatabase } from './grid-database';
import { GridHttpError } from './grid-http-error';

/** A request whose signature verified: who sent it, and the signature that must not be accepted again. */
export interface VerifiedRequest {
  address: string;
  signature: string;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | null {
  const value = headers[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : null;
}

/**
 * Checks a signed request (docs/grid-protocol.md, "Signed requests") without writing anything: headers,
 * timestamp window, signature (over this grid's own public origin: one of `origins`), replay. The caller records the signature with `rememberSignature` in the same
 * transaction as the request's effects, so that a refused request leaves no trace.
 */
export function verifySignedRequest(
  db: GridDatabase,
  request: { method: string; path: string; headers: Headers; body: Buffer },
  origins: readonly string[],
  now: number,
): VerifiedRequest {
  const address = header(request.headers, HEADER_ADDRESS);
  const timestamp = header(request.headers, HEADER_TIMESTAMP);
  const signature = header(request.headers, HEADER_SIGNATURE);
  if (!address || !timestamp || !signature) {
    throw new GridHttpError(401, 'unsigned', `Every request must carry ${HEADER_ADDRESS}, ${HEADER_TIMESTAMP} and ${HEADER_SIGNATURE} (docs/grid-protocol.md).`);
  }
  if (!decodeAddress(address)) {
    throw new GridHttpError(401, 'unsigned', `${HEADER_ADDRESS} is not a base58 ed25519 public key.`);
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    throw new GridHttpError(401, 'unsigned', `${HEADER_TIMESTAMP} must be milliseconds since the epoch.`);
  }
  const skew = Number(timestamp) - now;
  if (Math.abs(skew) > SIGNATURE_WINDOW_MS) {
    throw new GridHttpError(
      401,
      'stale_timestamp',
      `The request was signed ${Math.round(Math.abs(skew) / 1000)} s ${skew < 0 ? 'ago' : 'in the future'}; the grid accepts ${SIGNATURE_WINDOW_MS / 1000} s either way. Check this computer's clock.`,
    );
  }
  const signedHere = origins.some((origin) =>
    verifyRequestSignature(address, signingMessage({ method: request.method, origin, path: request.path, body: request.body }, timestamp), signature),
  );
  if (!signedHere) {
    throw new GridHttpError(
      401,
      'bad_signature',
      `The signature does not match the request, the node address and this grid's origin (${origins.join(' or ')}). A request signed for another grid is refused here; a client older than protocol version 2 does not sign the origin and must be updated.`,
    );
  }
  if (db.prepare('SELECT 1 FROM seen_signatures WHERE signature = ?').get(signature)) {
    throw new GridHttpError(409, 'replayed', 'This exact request was already received; sign each request anew.');
  }
  return { address, signature };
}

/** Records an accepted signature until it can no longer pass the timestamp window. */
export function rememberSignature(db: GridDatabase, signature: string, now: number): void {
  db.prepare('INSERT INTO seen_signatures (signature, expires_at) VALUES (?, ?)').run(signature, now + 2 * SIGNATURE_WINDOW_MS);
}
