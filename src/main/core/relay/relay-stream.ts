import { PassThrough } from 'node:stream';
import { CreditGate } from './credit-gate';
import {
  FrameType,
  MAX_DATA_FRAME_BYTES,
  RelayResetSchema,
  decodeCount,
  decodeJson,
  encodeCount,
  encodeFrame,
  encodeJson,
  type Frame,
} from './relay-frames';

/** A WebSocket on either end of a relayed stream: the client's at the grid, the service's at the host. */
export interface MessageSocket {
  /** Sends one message; `sent` runs once it has been handed to the network. */
  send(data: Uint8Array, binary: boolean, sent: () => void): void;
  close(code: number): void;
  /** Stops and restarts reading messages (backpressure). */
  pause(): void;
  resume(): void;
  onMessage(listener: (data: Uint8Array, binary: boolean) => void): void;
  onClose(listener: (code: number) => void): void;
}

const NORMAL_CLOSE = 1000;
const closeCode = (code: number): number => (code >= 1000 && code < 5000 && code !== 1005 && code !== 1006 ? code : NORMAL_CLOSE);

/**
 * One stream of a tunnel, the same at both ends: what arrives (body bytes into `inbound`, granted back once
 * read; WebSocket messages to the socket it is bridged to; credit; reset) and what leaves (a body pumped
 * against credit, the messages of a bridged socket).
 */
export class RelayStream {
  /** The body received from the other end, as a stream (HTTP streams). */
  readonly inbound = new PassThrough({ highWaterMark: MAX_DATA_FRAME_BYTES });
  private readonly gate = new CreditGate();
  private socket: MessageSocket | null = null;
  /** Messages that arrived before the socket was bridged (the service greets before the client's upgrade completes). */
  private readonly early: Frame[] = [];
  private done = false;
  private onResetListener: (reason: string) => void = () => undefined;

  constructor(
    readonly id: number,
    private readonly send: (frame: Buffer) => void,
    private readonly onClosed: (id: number) => void,
  ) {}

  /** Handles a frame of this stream other than open/head. */
  receive(frame: Frame): void {
    switch (frame.type) {
      case FrameType.data: {
        const length = frame.payload.byteLength;
        // The write completes once the reader has room again: only then is the credit given back.
        this.inbound.write(Buffer.from(frame.payload), () => this.grant(length));
        return;
      }
      case FrameType.end:
        this.inbound.end();
        return;
      case FrameType.credit:
        this.gate.grant(decodeCount(frame));
        return;
      case FrameType.reset:
        this.onResetListener(decodeJson(frame, RelayResetSchema).reason);
        this.finish();
        return;
      case FrameType.wsText:
      case FrameType.wsBinary: {
        const length = frame.payload.byteLength;
        if (!this.socket) this.early.push(frame);
        else this.socket.send(Buffer.from(frame.payload), frame.type === FrameType.wsBinary, () => this.grant(length));
        return;
      }
      case FrameType.wsClose:
        if (!this.socket) this.early.push(frame);
        this.socket?.close(frame.payload.byteLength === 2 ? closeCode(Buffer.from(frame.payload).readUInt16BE(0)) : NORMAL_CLOSE);
        this.finish();
        return;
      default:
        return;
    }
  }

  onReset(listener: (reason: string) => void): void {
    this.onResetListener = listener;
  }

  sendJson(type: typeof FrameType.open | typeof FrameType.head, value: unknown): void {
    if (!this.done) this.send(encodeJson(type, this.id, value));
  }

  /** Sends a body against credit, then its end; false when the stream closed first. */
  async sendBody(body: AsyncIterable<Uint8Array | string>): Promise<boolean> {
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < bytes.byteLength; at += MAX_DATA_FRAME_BYTES) {
        const slice = bytes.subarray(at, at + MAX_DATA_FRAME_BYTES);
        if (!(await this.gate.reserve(slice.byteLength)) || this.done) return false;
        this.send(encodeFrame(FrameType.data, this.id, slice));
      }
    }
    if (this.done) return false;
    this.send(encodeFrame(FrameType.end, this.id));
    return true;
  }

  /** Carries a WebSocket's messages across, both ways, until either end closes. */
  bridge(socket: MessageSocket): void {
    this.socket = socket;
    this.early.splice(0).forEach((frame) => this.receive(frame));
    let queue = Promise.resolve();
    let waiting = 0;
    socket.onMessage((data, binary) => {
      waiting += 1;
      if (waiting > 1) socket.pause();
      queue = queue.then(async () => {
        if (await this.gate.reserve(data.byteLength)) this.send(encodeFrame(binary ? FrameType.wsBinary : FrameType.wsText, this.id, data));
        waiting -= 1;
        if (waiting <= 1) socket.resume();
      });
    });
    socket.onClose((code) => {
      void queue.then(() => {
        if (this.done) return;
        const payload = Buffer.allocUnsafe(2);
        payload.writeUInt16BE(closeCode(code), 0);
        this.send(encodeFrame(FrameType.wsClose, this.id, payload));
        this.finish();
      });
    });
  }

  /** Abandons the stream and tells the other end why. */
  reset(reason: string): void {
    if (this.done) return;
    this.send(encodeJson(FrameType.reset, this.id, { reason: reason.slice(0, 500) }));
    this.finish();
  }

  /** Forgets the stream (both directions over, or the tunnel closed). */
  finish(): void {
    if (this.done) return;
    this.done = true;
    this.gate.close();
    this.socket?.close(1001);
    if (!this.inbound.writableEnded) this.inbound.end();
    this.onClosed(this.id);
  }

  get finished(): boolean {
    return this.done;
  }

  private grant(bytes: number): void {
    if (!this.done) this.send(encodeCount(FrameType.credit, this.id, bytes));
  }
}
