import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import type { Redactor } from './redactor';
import type { Suspect } from './redaction-triggers';

/** What a RedactingStream saw while passing a log file through. */
export interface RedactionStats {
  bytesIn: number;
  bytesOut: number;
  lines: number;
  /** Lines that do not start like a main-log line (`{"t":"`): corrupt, or foreign text. */
  foreignLines: number;
  /** Places where the file held bytes that are not UTF-8 text (replaced by U+FFFD). */
  undecodableBytes: number;
  /** The file did not end with a newline: its last line was cut off (a crash or a write in progress). */
  truncatedLastLine: boolean;
  /** `t` of the first and last main-log line seen, when the file is a main log. */
  firstTime: string | null;
  lastTime: string | null;
}

/**
 * Text is scanned in blocks of about this many bytes, cut after a line where it can be. Small enough that each
 * block's string stays in V8's young generation (objects over ~128 KB go straight to the old one, collected
 * late: with 1 MiB blocks the export peaked near 270 MB RSS).
 */
const BLOCK_BYTES = 64 * 1024;
/**
 * The carry-over window: the last this-many bytes of a block wait for the next one, so that a secret that
 * starts before a cut ends inside the text already read (the longest, an array of 64 numbers printed one a
 * line, is under 1 KiB), and a line longer than this is redacted only around its suspects.
 */
const WINDOW_BYTES = 2048;
/** How far a secret may reach from the mark that found it (an e-mail around its `@`, a value after its name). */
const SECRET_REACH_BYTES = 512;
/** Past this, text is emitted even where a suspect spans the cut (one line of a megabyte of base64, say). */
const MAX_HELD_BYTES = 1024 * 1024;
const FIRST_TIME = /(?:^|\n)\{"t":"([^"]{1,40})"/;
const TIME_AT = /^\{"t":"([^"]{1,40})"/;
const LINE_START = '{"t":"';

interface Region {
  start: number;
  end: number;
}

/**
 * Redacts a log file on its way into a support bundle, bytes in and bytes out. The common case is fast: a cheap
 * scan of each block (redaction-triggers.ts) finds the few places a rule could act on; the bytes between them
 * are passed on untouched, and only the lines around a suspect (or, in a very long line, the window around it)
 * are decoded and redacted. A block is cut where no suspect spans the cut, keeping a window of the text
 * carried over to the next one, so a secret that crosses a read boundary or goes over several lines is seen
 * whole. Memory stays flat whatever the file's size.
 */
export class RedactingStream extends Transform {
  readonly stats: RedactionStats = {
    bytesIn: 0,
    bytesOut: 0,
    lines: 0,
    foreignLines: 0,
    undecodableBytes: 0,
    truncatedLastLine: false,
    firstTime: null,
    lastTime: null,
  };
  private pending: Buffer = Buffer.alloc(0);
  private skipping: boolean;
  private readonly jsonLines: boolean;
  /** The next byte emitted starts a line. */
  private atLineStart = true;
  private lastByte = -1;

  constructor(
    private readonly redactor: Redactor,
    options: {
      /** Main logs are JSON lines and get line statistics; job logs are free text from containers. */
      jsonLines: boolean;
      /** The stream starts mid-file: drop everything up to the first newline (a partial line). */
      startsMidLine?: boolean;
    },
  ) {
    super();
    this.jsonLines = options.jsonLines;
    this.skipping = options.startsMidLine ?? false;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.stats.bytesIn += chunk.length;
    if (this.skipping) {
      const newline = chunk.indexOf(0x0a);
      if (newline === -1) return callback();
      this.skipping = false;
      chunk = chunk.subarray(newline + 1);
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    while (this.pending.length >= BLOCK_BYTES + WINDOW_BYTES && this.drainBlock(false, out));
    this.pushAll(out);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    const out: Buffer[] = [];
    while (this.pending.length > 0) this.drainBlock(true, out);
    this.pushAll(out);
    if (this.stats.bytesOut > 0 && this.lastByte !== 0x0a) {
      this.stats.truncatedLastLine = true;
      this.stats.lines++;
    }
    callback();
  }

  /**
   * Cuts one block off the pending bytes, redacted, into `out`; false when the rest must wait for more input (a
   * suspect reaches past everything read so far). At the end everything is emitted.
   */
  private drainBlock(final: boolean, out: Buffer[]): boolean {
    const bytes = this.pending;
    let size = Math.min(bytes.length, BLOCK_BYTES + WINDOW_BYTES);
    let view = bytes.toString('latin1', 0, size);
    let suspects = this.redactor.suspects(view, { bytes: true });
    let cut = final && size === bytes.length ? size : safeCut(bytes.subarray(0, size), view, suspects);
    if (cut === 0 && size < bytes.length) {
      // A suspect spans the whole block (a run longer than a block, say): look at everything held.
      size = bytes.length;
      view = bytes.toString('latin1');
      suspects = this.redactor.suspects(view, { bytes: true });
      cut = final ? size : safeCut(bytes, view, suspects);
    }
    if (cut === 0) {
      if (!final && bytes.length < MAX_HELD_BYTES) return false;
      // Held too long (one huge line thick with suspects): cut where no name is parted from its value, if any
      // such place is left, and only blindly in one unbroken run.
      cut = final ? size : safeCut(bytes.subarray(0, size), view, suspects, 'tight') || utf8Boundary(bytes, size - WINDOW_BYTES);
    }
    out.push(this.redactBlock(bytes.subarray(0, cut), view.slice(0, cut), this.regions(view, suspects)));
    this.pending = bytes.subarray(cut);
    return true;
  }

  private pushAll(out: Buffer[]): void {
    if (out.length === 0) return;
    const bytes = out.length === 1 ? out[0]! : Buffer.concat(out);
    this.stats.bytesOut += bytes.length;
    if (bytes.length > 0) this.lastByte = bytes[bytes.length - 1]!;
    this.push(bytes);
  }

  /** The suspects as sorted, merged byte ranges: their lines, or the window around them in a long line. */
  private regions(view: string, suspects: readonly Suspect[]): Region[] {
    if (suspects.length === 0) return [];
    const ranges = suspects.map((s) => this.regionOf(view, s)).sort((a, b) => a.start - b.start);
    const merged: Region[] = [ranges[0]!];
    for (const range of ranges.slice(1)) {
      const last = merged[merged.length - 1]!;
      if (range.start <= last.end) last.end = Math.max(last.end, range.end);
      else merged.push(range);
    }
    return merged;
  }

  private regionOf(view: string, suspect: Suspect): Region {
    let start = suspect.start;
    const earliest = Math.max(0, start - WINDOW_BYTES);
    if (start > earliest) {
      const newline = view.lastIndexOf('\n', start - 1);
      start = newline >= earliest ? newline + 1 : earliest;
    }
    let end = valueEnd(view, suspect);
    if (view.charCodeAt(end - 1) !== 0x0a) end = lineEndAfter(view, end);
    return { start, end };
  }

  /** One block: bytes outside the regions as they are (when they are UTF-8), the regions redacted. */
  private redactBlock(block: Buffer, view: string, regions: readonly Region[]): Buffer {
    this.count(view);
    const parts: Buffer[] = [];
    let at = 0;
    for (const region of regions) {
      if (region.start >= block.length) break;
      const start = utf8Boundary(block, region.start);
      const end = utf8Boundary(block, Math.min(region.end, block.length));
      if (start > at) parts.push(this.passThrough(block.subarray(at, start)));
      parts.push(Buffer.from(this.redactor.redactText(this.decode(block.subarray(start, end))), 'utf8'));
      at = end;
    }
    if (at < block.length) parts.push(this.passThrough(block.subarray(at)));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private passThrough(bytes: Buffer): Buffer {
    return isUtf8(bytes) ? bytes : Buffer.from(this.decode(bytes), 'utf8');
  }

  /** UTF-8 text; bytes that are not UTF-8 become U+FFFD and are counted. */
  private decode(bytes: Buffer): string {
    const text = bytes.toString('utf8');
    if (!isUtf8(bytes)) for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) this.stats.undecodableBytes++;
    return text;
  }

  /** Line statistics of a block, read from its latin1 view (line starts and times are ASCII). */
  private count(view: string): void {
    const startsLine = this.atLineStart;
    this.atLineStart = view.charCodeAt(view.length - 1) === 0x0a;
    // One pass over the line breaks (a regular expression for the foreign lines took five times as long).
    let lines = 0;
    const json = this.jsonLines;
    let foreign = json && startsLine && !view.startsWith(LINE_START) ? 1 : 0;
    const last = view.length - 1;
    for (let i = view.indexOf('\n'); i !== -1; i = view.indexOf('\n', i + 1)) {
      lines++;
      if (json && i < last && !view.startsWith(LINE_START, i + 1)) foreign++;
    }
    this.stats.lines += lines;
    if (!json) return;
    this.stats.foreignLines += foreign;
    const fromLine = startsLine ? view : view.slice(view.indexOf('\n') + 1 || view.length);
    this.stats.firstTime ??= FIRST_TIME.exec(fromLine)?.[1] ?? null;
    this.stats.lastTime = lastTime(fromLine) ?? this.stats.lastTime;
  }
}

/**
 * Where to cut the pending bytes: at least a window before their end, outside the reach of every suspect (so
 * no secret is split), after a line break where one is near, else (in a very long line) anywhere; 0 when the
 * suspects leave no such place. A `tight` reach is only from a name to the end of its value's reach, for the
 * forced cut of bytes held too long.
 */
function safeCut(bytes: Buffer, view: string, suspects: readonly Suspect[], reach: 'padded' | 'tight' = 'padded'): number {
  const reaches = suspects
    .map((s) =>
      s.whole ? s : reach === 'tight' ? { start: s.start, end: s.end + SECRET_REACH_BYTES } : { start: s.start - SECRET_REACH_BYTES, end: valueEnd(view, s) + SECRET_REACH_BYTES },
    )
    .sort((a, b) => b.start - a.start);
  let cut = bytes.length - WINDOW_BYTES;
  for (let moved = true; moved && cut > 0; ) {
    moved = false;
    const newline = view.lastIndexOf('\n', cut - 1);
    const snapped = newline >= 0 && cut - newline <= WINDOW_BYTES ? newline + 1 : utf8Boundary(bytes, cut);
    cut = snapped;
    for (const reach of reaches) {
      if (reach.start < cut && reach.end > cut) {
        cut = Math.max(0, reach.start);
        moved = true;
      }
    }
  }
  return Math.max(0, cut);
}

/** The offset moved back to the start of a UTF-8 character (never inside one). */
function utf8Boundary(bytes: Buffer, at: number): number {
  let i = at;
  while (i > 0 && i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i--;
  return i;
}

/**
 * Where the value a suspect marks may end: for a name (`password:`, `token=`), the end of the line after the
 * name's own, since a value may follow on the next line (YAML, pretty-printed JSON); else the suspect's end.
 */
function valueEnd(view: string, suspect: Suspect): number {
  return suspect.nextLine ? lineEndAfter(view, lineEndAfter(view, suspect.end)) : suspect.end;
}

/** The offset just after the end of the line that holds `at`, looking at most a window ahead. */
function lineEndAfter(view: string, at: number): number {
  const latest = Math.min(view.length, at + WINDOW_BYTES);
  const newline = view.indexOf('\n', at);
  return newline !== -1 && newline < latest ? newline + 1 : latest;
}

/** `t` of the last line of the text that starts like a main-log line. */
function lastTime(text: string): string | null {
  for (let at = text.lastIndexOf(LINE_START); at !== -1; at = at > 0 ? text.lastIndexOf(LINE_START, at - 1) : -1) {
    if (at === 0 || text.charCodeAt(at - 1) === 0x0a) return TIME_AT.exec(text.slice(at, at + 64))?.[1] ?? null;
  }
  return null;
}
