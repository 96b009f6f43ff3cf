import type { Socket } from 'node:net';

/** A line longer than this (a request is at most 256 KiB of JSON) ends the connection. */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Newline-delimited JSON over a socket: calls `onLine` for each complete line, in order. A line over the limit
 * ends the connection with `onOverflow`.
 */
export function readLines(socket: Socket, onLine: (line: string) => void, onOverflow: () => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() !== '') onLine(line);
      newline = buffered.indexOf('\n');
    }
    if (Buffer.byteLength(buffered) > MAX_LINE_BYTES) {
      buffered = '';
      onOverflow();
    }
  });
}

/** Writes one message as a line. */
export function writeLine(socket: Socket, message: unknown): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(message)}\n`);
}
