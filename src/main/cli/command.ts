import type { ParseArgsConfig } from 'node:util';
import type { HostRuntime, HostRuntimeOptions } from '../composition';

/** What a command gets: parsed flags, output streams, and a way to build the host. */
export interface CliContext {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Builds HostCore with its adapters (the same composition as the desktop app). */
  openRuntime(mode?: HostRuntimeOptions['mode'], options?: Pick<HostRuntimeOptions, 'shareOnStart'>): HostRuntime;
}

/** One `gridhost` command. Each is a few lines over HostCore. */
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
