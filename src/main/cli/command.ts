import type { ParseArgsConfig } from 'node:util';
import type { HostRuntime } from '../composition';
import type { CliHost } from './cli-host';

/** What a command gets: parsed flags, output streams, and a way to open the host. */
export interface CliContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /**
   * The host a command speaks to (cli-host.ts): the running host over its control channel when one runs on
   * the data folder, else its own host (the same composition as the desktop app) over the data folder, under
   * its lock until the command ends. A command speaks to it through `host.api`, the typed API contract; what
   * the contract must not carry (the node key itself, a bundle written to a path of the owner's choice) goes
   * through `host.owner`.
   */
  openHost(): Promise<CliHost>;
  /**
   * Builds a whole host for `gridhost start --headless`, with the data folder's lock (refused with an
   * ApiError saying which host runs when another holds it) and its settings loaded.
   */
  startHost(): Promise<HostRuntime>;
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

/** Opens the host, runs `work` with it, and always closes it (its own host: the log flushed, the lock released). */
export async function withHost(ctx: CliContext, work: (host: CliHost) => Promise<number>): Promise<number> {
  const host = await ctx.openHost();
  try {
    return await work(host);
  } finally {
    await host.close();
  }
}
