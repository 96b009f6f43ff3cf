import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

interface TtyInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

/**
 * The node key's passphrase typed at the terminal, not echoed; undefined when stdin is not a terminal (a
 * service, a pipe), where only GRIDHOST_KEY_PASSPHRASE can give it.
 */
export function terminalPassphrasePrompt(
  input: TtyInput = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): (() => Promise<string>) | undefined {
  if (!input.isTTY) return undefined;
  return () =>
    new Promise((resolve) => {
      let muted = false;
      const rl = createInterface({
        input,
        // Echo the question, then nothing of what is typed.
        output: new (class extends Writable {
          override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
            if (!muted) output.write(chunk);
            done();
          }
        })(),
        terminal: true,
      });
      rl.question('Passphrase for the node key (not shown; Enter to cancel): ', (answer) => {
        output.write('\n');
        rl.close();
        resolve(answer);
      });
      muted = true;
    });
}
