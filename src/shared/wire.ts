import { z } from 'zod';
import { ApiErrorBodySchema } from './api-error';

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

export const ServerMessageSchema = z.union([
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(false), error: ApiErrorBodySchema }),
  z.object({ event: z.string(), data: z.unknown() }),
]);

/** Largest WebSocket message a client may send, in bytes. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

/** IPC channel names (used only by the preload and the IPC registration). */
export const IPC_REQUEST_CHANNEL = 'gridhost:request';
export const IPC_EVENT_CHANNEL = 'gridhost:event';
