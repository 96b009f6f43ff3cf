import { z } from 'zod';

/**
 * An exposed service of an op, in Nosana's `expose` shape (`@nosana/types` ExposedPort): a port, its service
 * `type`, and the health checks that decide when it counts as up. A plain port number is a service of type
 * `none` without checks. HTTP checks send `method` to `path` and expect `expected_status`; WebSocket checks
 * connect and expect `expected_response` as the first message. A `continuous` check keeps watching while the
 * op runs.
 */

export const HttpHealthCheckSchema = z
  .object({
    type: z.literal('http'),
    path: z.string().max(1024).regex(/^\//, 'a path starting with /'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
    expected_status: z.number().int().min(100).max(599),
    headers: z.record(z.string().max(128), z.string().max(4096)).optional(),
    body: z.unknown().optional(),
    continuous: z.boolean(),
  })
  .strict();
export type HttpHealthCheck = z.infer<typeof HttpHealthCheckSchema>;

export const WebSocketHealthCheckSchema = z
  .object({ type: z.literal('websocket'), expected_response: z.string().max(4096), continuous: z.boolean() })
  .strict();
export type WebSocketHealthCheck = z.infer<typeof WebSocketHealthCheckSchema>;

export const HealthCheckSchema = z.discriminatedUnion('type', [HttpHealthCheckSchema, WebSocketHealthCheckSchema]);
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

export const ServiceTypeSchema = z.enum(['web', 'api', 'webapi', 'websocket', 'none']);

export const ExposedPortSchema = z
  .object({ port: z.number().int(), type: ServiceTypeSchema.optional(), health_checks: z.array(HealthCheckSchema).max(8).optional() })
  .strict();

export interface ExposedService {
  port: number;
  type: z.infer<typeof ServiceTypeSchema>;
  healthChecks: HealthCheck[];
}

export type ExposeArg = number | z.infer<typeof ExposedPortSchema> | (number | z.infer<typeof ExposedPortSchema>)[] | undefined;

/** The services an op's `expose` names, in order. */
export function exposedServices(expose: ExposeArg): ExposedService[] {
  if (expose === undefined) return [];
  const items = Array.isArray(expose) ? expose : [expose];
  return items.map((item) =>
    typeof item === 'number'
      ? { port: item, type: 'none', healthChecks: [] }
      : { port: item.port, type: item.type ?? 'none', healthChecks: item.health_checks ?? [] },
  );
}
