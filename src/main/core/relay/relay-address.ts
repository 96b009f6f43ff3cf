/** Where the relay lives on the grid (docs/grid-protocol.md, "Service relay"). */

/** Subprotocol of the host's tunnel WebSocket. */
export const RELAY_SUBPROTOCOL = 'gridhost-relay.v1';

/** The path a host opens its tunnel for one exposed port of a job on. */
export function relayPath(jobId: string, port: number): string {
  return `/v1/relay/${encodeURIComponent(jobId)}/${port}`;
}

/** The address a poster reaches a job's service at; what follows it is the path on the service. */
export function servicePath(jobId: string): string {
  return `/v1/services/${encodeURIComponent(jobId)}/`;
}
