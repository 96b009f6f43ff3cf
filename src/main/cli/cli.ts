import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api-error';
import { createHostRuntime } from '../composition';
import { claimForHost, openCliHost } from './cli-host';
import { UsageError, type CliCommand } from './command';
import { terminalPassphrasePrompt } from './terminal-passphrase';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** Runs `gridhost <command> [options]` and returns the exit code (2 for usage errors). */
export async function runCli(argv: string[], commands: CliCommand[], io: CliIo): Promise<number> {
  const command = findCommand(argv, commands);
  if (!command || argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    const helpOnly = argv.length === 0 || argv[0] === 'help' || argv.includes('--help') || argv.includes('-h');
    (helpOnly ? io.out : io.err)(usage(commands, command));
    if (!command && !helpOnly) io.err(`\nUnknown command: ${argv.join(' ')}\n`);
    return helpOnly ? 0 : 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return await command.run({
      values: values as Record<string, string | boolean | undefined>,
      positionals,
      env: io.env,
      out: io.out,
      err: io.err,
      openHost: () => openCliHost(io.env),
      startHost: async () => {
        const host = createHostRuntime({ mode: 'headless', env: io.env, claim: await claimForHost(io.env), askPassphrase: terminalPassphrasePrompt() });
        await host.load();
        return host;
      },
    });
  } catch (err) {
    // A refusal the owner can act on (wrong passphrase, a grid that says no, a refused setting): its words, exit 1.
    if (err instanceof ApiError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    if (err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    throw err;
  }
}

function findCommand(argv: string[], commands: CliCommand[]): CliCommand | undefined {
  // Longest name first, so that 'logs export' wins over a 'logs' command.
  return [...commands]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
}

function usage(commands: CliCommand[], command?: CliCommand): string {
  if (command) return `${command.summary}\n\nUsage: ${command.usage}\n`;
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `GridHost: rent out your NVIDIA GPU to an AI inference grid.\n\nUsage: gridhost <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun gridhost <command> --help for a command's options.\n`;
}
