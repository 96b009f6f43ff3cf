import { STREAM_WINDOW_BYTES } from './relay-frames';

/**
 * The sending side of one stream's flow control: bytes may be sent only against credit the receiver granted
 * (it grants again once it has passed them on), so a slow client slows the service instead of filling memory.
 */
export class CreditGate {
  private credit = STREAM_WINDOW_BYTES;
  private waiters: (() => void)[] = [];
  private closed = false;

  /** Waits until `bytes` (at most one window) may be sent, and takes them; false once the stream closed. */
  async reserve(bytes: number): Promise<boolean> {
    const need = Math.min(bytes, STREAM_WINDOW_BYTES);
    while (!this.closed && this.credit < need) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.closed) return false;
    this.credit -= need;
    return true;
  }

  grant(bytes: number): void {
    this.credit = Math.min(this.credit + bytes, STREAM_WINDOW_BYTES * 4);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }
}
