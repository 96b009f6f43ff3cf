/** The part of the `x11` package (no published types) that the fullscreen source uses. */
declare module 'x11' {
  import type { EventEmitter } from 'node:events';

  export interface XProperty {
    type: number;
    format: number;
    bytesAfter: number;
    data: Buffer;
  }

  export interface XClient extends EventEmitter {
    InternAtom(onlyIfExists: boolean, name: string, callback: (err: Error | null, atom: number) => void): void;
    GetProperty(
      del: number,
      window: number,
      property: number,
      type: number,
      longOffset: number,
      longLength: number,
      callback: (err: Error | null, property: XProperty) => void,
    ): void;
    terminate(): void;
  }

  export interface XDisplay {
    client: XClient;
    screen: Array<{ root: number }>;
  }

  export function createClient(
    options: { display?: string; stream?: unknown },
    callback: (err: Error | null, display: XDisplay) => void,
  ): XClient;
}
