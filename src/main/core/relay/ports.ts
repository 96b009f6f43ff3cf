import type { Readable } from 'node:stream';
import type { MessageSocket } from './relay-stream';
import type { RelayHeaders } from './relay-frames';

/**
 * The host side of the service relay reaches the machine through these ports: the outbound connection to the
 * grid (a WebSocket, signed like every grid request) and the dial to the job's port on 127.0.0.1.
 */

/** One outbound connection to the grid carrying every request to one exposed service. */
export interface RelayTunnel {
  send(frame: Uint8Array): void;
  onFrame(listener: (frame: Uint8Array) => void): void;
  /** Called once when the connection ends, with why. */
  onClose(listener: (reason: string) => void): void;
  close(): void;
}

export interface RelayTunnelOpener {
  /** Opens the tunnel for a job's exposed port; rejects with the grid's refusal. */
  open(jobId: string, port: number): Promise<RelayTunnel>;
}

export interface LocalRequest {
  method: string;
  path: string;
  headers: RelayHeaders;
  body: Readable | null;
}

export interface LocalResponse {
  status: number;
  headers: RelayHeaders;
  body: Readable;
}

/** Dials the job's published port on 127.0.0.1 (never anything else). */
export interface LocalServiceDialer {
  http(port: number, request: LocalRequest, signal?: AbortSignal): Promise<LocalResponse>;
  /** Opens a WebSocket to the service; rejects with the status it answered when it refused. */
  websocket(port: number, path: string, headers: RelayHeaders): Promise<MessageSocket>;
}
