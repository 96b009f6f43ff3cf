import type { ParseArgsConfig } from 'node:util';
import type { HostRuntime, HostRuntimeOptions } from '../composition';

/** What a command gets: parsed flags, output streams, and a way to open the host. */
export interface CliContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /**
   * Builds the host (the same composition as the desktop app) with its settings loaded. A command speaks to
   * it through `host.api`, the typed API contract in this process; only what the contract does not carry
   * (the node key itself, a bundle written to a path of the owner's choice) uses `host.services`.
   */
  openHost(options?: Pick<HostRuntimeOptions, 'shareOnStart'>): Promise<HostRuntime>;
}

/** One `gridhost` command: a few lines over the API. */
export interface CliCommand {
  /** Words after `gridhost`, e.g. 'detect' or 'logs export'. */
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  /** Returns the exit code: 0 when the command did its work, whatever it found. */
  run(ctx: CliContext): Promise<number>;
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Opens the host, runs `work` with it, and always closes it (the job in flight is quit, the log flushed). */
export async function withHost(ctx: CliContext, work: (host: HostRuntime) => Promise<number>, options?: Pick<HostRuntimeOptions, 'shareOnStart'>): Promise<number> {
  const host = await ctx.openHost(options);
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}
