import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalPassphrasePrompt } from '../../../../src/main/cli/terminal-passphrase';

function tty() {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
}

describe('the passphrase at the terminal', () => {
  it('asks only when stdin is a terminal', () => {
    expect(terminalPassphrasePrompt(new PassThrough(), new PassThrough())).toBeUndefined();
  });

  it('shows the question, never what is typed, and returns the line', async () => {
    const input = tty();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (d) => (shown += d));
    const ask = terminalPassphrasePrompt(input, output)!;
    const answer = ask();
    input.write('correct horse battery\n');
    expect(await answer).toBe('correct horse battery');
    expect(shown).toContain('Passphrase for the node key (not shown; Enter to cancel): ');
    expect(shown).not.toContain('correct horse');
  });
});
