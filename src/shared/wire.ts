import { z } from 'zod';
import { ApiErrorBodySchema } from './api-error';
import { events, isEventName, type EventName } from './contract';

/**
 * The headless transport's addresses. The API is a WebSocket at API_PATH that needs the subprotocol
 * API_SUBPROTOCOL and the token as a second subprotocol `bearer.<token>` (so the token is never in a URL);
 * plain HTTP under API_PATH answers the session check and the support-bundle downloads.
 */
export const API_SUBPROTOCOL = 'gridhost.v1';
export const API_PATH = '/api';
export const SESSION_PATH = `${API_PATH}/session`;
export const SUPPORT_BUNDLES_PATH = `${API_PATH}/support-bundles/`;
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/** The subprotocol that carries the token. */
export function bearerProtocol(token: string): string {
  return `${BEARER_PROTOCOL_PREFIX}${token}`;
}

/** The HTTP `Authorization` header's value for the session check and the downloads. */
export function bearerAuthorization(token: string): string {
  return `Bearer ${token}`;
}

/** Where one saved support bundle is downloaded from. */
export function supportBundlePath(name: string): string {
  return `${SUPPORT_BUNDLES_PATH}${encodeURIComponent(name)}`;
}

/**
 * Envelopes that carry the contract over a transport. IPC uses only the response body (Electron's invoke
 * already pairs calls); the WebSocket bridge uses the full messages below.
 */
export const ResponseBodySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBodySchema }),
]);
export type ResponseBody = z.infer<typeof ResponseBodySchema>;

export const RequestMessageSchema = z
  .object({
    id: z.union([z.number().int(), z.string().max(64)]),
    method: z.string().max(128),
    params: z.unknown().optional(),
  })
  .strict();
export type RequestMessage = z.infer<typeof RequestMessageSchema>;

export type ResponseMessage = { id: number | string | null } & ResponseBody;
export type EventMessage = { event: string; data: unknown };

const EventMessageSchema = z.object({ event: z.string(), data: z.unknown() });

/** Everything the server sends over the WebSocket: a response to a request, or an event. */
export const ServerMessageSchema = z.union([
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(false), error: ApiErrorBodySchema }),
  EventMessageSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;

/** An event of the contract whose data passed the contract's schema for it. */
export type CheckedEvent = { ok: true; event: EventName; data: unknown } | { ok: false; problem: string };

/**
 * Checks an event message against the contract: a known event name and data that its schema accepts. The
 * data returned is the schema's output (what listeners are typed to receive).
 */
export function checkEventMessage(message: unknown): CheckedEvent {
  const envelope = EventMessageSchema.safeParse(message);
  if (!envelope.success) return { ok: false, problem: 'not an {event, data} message' };
  const { event } = envelope.data;
  if (!isEventName(event)) return { ok: false, problem: `unknown event ${event.slice(0, 80)}` };
  const data = events[event].data.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, problem: `${event}: ${describeIssues(data.error.issues)}` };
  return { ok: true, event, data: data.data };
}

/** One line naming each problem by its path, for a log or a warning. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}

/** Largest WebSocket message a client may send, in bytes. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

/** IPC channel names (used only by the preload and the IPC registration). Events travel as {event, data}. */
export const IPC_REQUEST_CHANNEL = 'gridhost:request';
export const IPC_EVENT_CHANNEL = 'gridhost:event';
/** The node key's passphrase, from the desktop's passphrase window (its own preload) to the main process only. */
export const PASSPHRASE_CHANNEL = 'gridhost:passphrase';

/**
 * The local control channel of a running host (src/main/control/): a Unix domain socket (a named pipe on
 * Windows) carrying newline-delimited JSON. Where it is and its token are in CONTROL_FILE in the data folder
 * (owner-only, removed on exit). A client's first line is a ControlHello with the token; the host answers
 * {"hello": "ok"} or an error and closes; then the request, response and event messages above flow.
 */
export const CONTROL_FILE = 'control.json';
export const CONTROL_SOCKET = 'control.sock';
export const CONTROL_PROTOCOL = 'gridhost-control.v1';

export const ControlFileSchema = z.object({ endpoint: z.string().min(1), token: z.string().min(1) });
export type ControlFile = z.infer<typeof ControlFileSchema>;

export const ControlHelloSchema = z.object({ hello: z.literal(CONTROL_PROTOCOL), token: z.string().max(256) }).strict();
export type ControlHello = z.infer<typeof ControlHelloSchema>;
