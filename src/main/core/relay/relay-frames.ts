import { z } from 'zod';

/**
 * The service relay's framing (docs/grid-protocol.md, "Service relay"): every binary WebSocket message between
 * a host and the grid is one frame, `type (1 byte) | stream id (4 bytes, big-endian) | payload`. The grid opens
 * a stream per client request; both sides send body bytes only against credit the other side granted.
 */

export const FrameType = {
  /** grid -> host: a client request (JSON `RelayOpen`). */
  open: 1,
  /** host -> grid: the service's response head (JSON `RelayHead`); 101 for an accepted WebSocket. */
  head: 2,
  /** either way: body bytes of an HTTP stream. */
  data: 3,
  /** either way: no more body bytes in this direction. */
  end: 4,
  /** either way: the sender may send this many more bytes (4-byte big-endian count). */
  credit: 5,
  /** either way: the stream is abandoned (JSON `{reason}`). */
  reset: 6,
  /** either way: one WebSocket text message. */
  wsText: 7,
  /** either way: one WebSocket binary message. */
  wsBinary: 8,
  /** either way: the WebSocket closed (2-byte close code). */
  wsClose: 9,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

/** Bytes either side may send on one stream before it is granted more. */
export const STREAM_WINDOW_BYTES = 1024 * 1024;
/** Largest body slice in one data frame. */
export const MAX_DATA_FRAME_BYTES = 64 * 1024;
/** Streams one tunnel carries at once; more are refused with a reset. */
export const MAX_STREAMS_PER_TUNNEL = 256;

export interface Frame {
  type: FrameTypeValue;
  stream: number;
  payload: Uint8Array;
}

export class RelayProtocolError extends Error {}

const HEADER_BYTES = 5;
const TYPES = new Set<number>(Object.values(FrameType));

export function encodeFrame(type: FrameTypeValue, stream: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.byteLength);
  frame.writeUInt8(type, 0);
  frame.writeUInt32BE(stream, 1);
  frame.set(payload, HEADER_BYTES);
  return frame;
}

export function decodeFrame(bytes: Uint8Array): Frame {
  if (bytes.byteLength < HEADER_BYTES) throw new RelayProtocolError(`a relay frame has at least ${HEADER_BYTES} bytes, got ${bytes.byteLength}`);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = buf.readUInt8(0);
  if (!TYPES.has(type)) throw new RelayProtocolError(`unknown relay frame type ${type}`);
  return { type: type as FrameTypeValue, stream: buf.readUInt32BE(1), payload: buf.subarray(HEADER_BYTES) };
}

export function encodeJson(type: FrameTypeValue, stream: number, value: unknown): Buffer {
  return encodeFrame(type, stream, Buffer.from(JSON.stringify(value)));
}

export function decodeJson<T>(frame: Frame, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(frame.payload).toString('utf8'));
  } catch {
    throw new RelayProtocolError(`relay frame type ${frame.type} does not carry JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new RelayProtocolError(`relay frame type ${frame.type}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  return parsed.data;
}

export function encodeCount(type: FrameTypeValue, stream: number, count: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32BE(count, 0);
  return encodeFrame(type, stream, payload);
}

export function decodeCount(frame: Frame): number {
  if (frame.payload.byteLength !== 4) throw new RelayProtocolError('a credit frame carries a 4-byte count');
  return Buffer.from(frame.payload).readUInt32BE(0);
}

const HeadersSchema = z.record(z.string().max(256), z.union([z.string().max(16_384), z.array(z.string().max(16_384)).max(64)]));
export type RelayHeaders = z.infer<typeof HeadersSchema>;

export const RelayOpenSchema = z
  .object({
    kind: z.enum(['http', 'websocket']),
    method: z.string().regex(/^[A-Z]{1,16}$/),
    /** Path and query on the service, starting with `/`. */
    path: z.string().max(8192).regex(/^\//),
    headers: HeadersSchema,
  })
  .strict();
export type RelayOpen = z.infer<typeof RelayOpenSchema>;

export const RelayHeadSchema = z.object({ status: z.number().int().min(100).max(599), headers: HeadersSchema }).strict();
export type RelayHead = z.infer<typeof RelayHeadSchema>;

export const RelayResetSchema = z.object({ reason: z.string().max(500) }).strict();

/** Hop-by-hop headers, never relayed (RFC 9110 7.6.1), and the grid's own credentials. */
const NOT_RELAYED = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer',
  'host', 'authorization', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-extensions', 'sec-websocket-accept',
]);

/** The headers worth carrying across the relay. */
export function relayedHeaders(headers: Record<string, string | string[] | undefined>): RelayHeaders {
  const out: RelayHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || NOT_RELAYED.has(lower)) continue;
    out[lower] = value;
  }
  return out;
}
