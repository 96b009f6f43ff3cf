import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BundleWriter, LogFolder } from '../../../../../src/main/core/logs/ports';
import { Redactor } from '../../../../../src/main/core/logs/redactor';
import { SupportBundle } from '../../../../../src/main/core/logs/support-bundle';

describe('SupportBundle.export when the writer fails', () => {
  it('closes the log file it was reading, aborts the writer and rejects', async () => {
    const opened: Readable[] = [];
    const folder: LogFolder = {
      list: async () => [{ name: 'gridhost.log', bytes: 10 * 1024 * 1024, modifiedMs: 0 }],
      openRead: () => {
        // An endless file, read a piece at a time like a disk: only a closed source stops reading.
        const source = new Readable({
          read() {
            setImmediate(() => this.push(Buffer.from('{"t":"2026-11-25T10:00:00.000Z","level":"info","msg":"tick"}\n'.repeat(1000))));
          },
        });
        opened.push(source);
        return source;
      },
      readRange: async () => Buffer.alloc(0),
    };
    let aborted = false;
    const writer: BundleWriter = {
      addBuffer: async () => undefined,
      addStream: async (_name, content) => {
        // Takes one piece, then the disk is full (as a failed pipeline, it destroys what it was reading).
        await new Promise<void>((resolve) =>
          content.once('data', () => {
            content.destroy();
            resolve();
          }),
        );
        throw new Error('ENOSPC: no space left on device');
      },
      finish: async () => 0,
      abort: async () => {
        aborted = true;
      },
    };
    const bundle = new SupportBundle({ folder, redactor: new Redactor(), clock: { now: () => 0 }, sources: { app: { name: 'GridHost', version: 'test', mode: 'headless' } } });
    try {
      await expect(bundle.export(writer)).rejects.toThrow(/ENOSPC/);
      expect(aborted).toBe(true);
      expect(opened).toHaveLength(1);
      expect(opened[0]!.destroyed).toBe(true);
    } finally {
      for (const source of opened) source.destroy();
    }
  });
});
