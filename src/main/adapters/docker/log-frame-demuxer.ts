import type { LogChunk } from '../../core/containers/ports';

const HEADER = 8;

/**
 * Splits the engine's multiplexed log stream (8-byte header: stream type, 3 zero bytes, big-endian length;
 * then the payload) into stdout and stderr chunks. Consecutive frames of one stream come out as one chunk,
 * so a flood of short lines (the json-file driver sends one frame per line) costs little per frame. Frames
 * cut across socket chunks are joined. A header that is not a valid frame (a TTY container sends raw
 * output) switches to passing everything through as stdout, as the Docker CLI does.
 */
export class LogFrameDemuxer {
  private carry: Buffer | null = null;
  private stream: LogChunk['stream'] = 'stdout';
  /** Payload bytes of the current frame still to come. */
  private remaining = 0;
  private raw = false;

  push(input: Buffer): LogChunk[] {
    if (this.raw) return input.length > 0 ? [{ stream: 'stdout', data: input }] : [];
    let buf = input;
    // Runs of one stream: headers sit between payloads, so each run is concatenated once at the end.
    const runs: Array<{ stream: LogChunk['stream']; parts: Buffer[] }> = [];
    const emit = (stream: LogChunk['stream'], data: Buffer) => {
      if (data.length === 0) return;
      const last = runs[runs.length - 1];
      if (last && last.stream === stream) last.parts.push(data);
      else runs.push({ stream, parts: [data] });
    };
    let pos = 0;
    for (;;) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, buf.length - pos);
        if (take === 0) break;
        emit(this.stream, buf.subarray(pos, pos + take));
        pos += take;
        this.remaining -= take;
        continue;
      }
      if (this.carry) {
        buf = Buffer.concat([this.carry, buf.subarray(pos)]);
        pos = 0;
        this.carry = null;
      }
      if (buf.length - pos < HEADER) {
        if (buf.length > pos) this.carry = Buffer.from(buf.subarray(pos));
        break;
      }
      const type = buf[pos];
      if (type !== 0 && type !== 1 && type !== 2) {
        this.raw = true;
        emit('stdout', buf.subarray(pos));
        break;
      }
      this.stream = type === 2 ? 'stderr' : 'stdout';
      this.remaining = buf.readUInt32BE(pos + 4);
      pos += HEADER;
    }
    return runs.map((r) => ({ stream: r.stream, data: r.parts.length === 1 ? r.parts[0]! : Buffer.concat(r.parts) }));
  }
}
