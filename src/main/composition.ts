import { createWriteStream, mkdirSync } from 'node:fs';
import { arch, homedir, platform } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';
import type { AppInfo } from '../shared/contract';
import { JsonFileStore } from './adapters/fs/json-file-store';
import { resolveDataDir } from './adapters/fs/data-folder';
import { ApiDispatcher } from './core/api/dispatcher';
import { createApiHandlers } from './core/api/handlers';
import { HostCore } from './core/host';
import { StreamJsonLogger } from './core/logs/console-json-logger';
import { systemClock, type Logger } from './core/ports';
import { SettingsService } from './core/settings/settings-service';

export interface HostRuntimeOptions {
  mode: AppInfo['mode'];
  env?: NodeJS.ProcessEnv;
  /** Overrides the data folder (otherwise GRIDHOST_HOME or the platform's app-data folder). */
  dataDir?: string;
  logger?: Logger;
}

export interface HostRuntime {
  core: HostCore;
  dispatcher: ApiDispatcher;
  logger: Logger;
  /** Stops the host and flushes the log. */
  close(): Promise<void>;
}

/** Builds the adapters and HostCore. The desktop shell, the headless server and the CLI all start here. */
export function createHostRuntime(options: HostRuntimeOptions): HostRuntime {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ?? resolveDataDir(env, platform(), homedir());
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const logFile = options.logger ? null : openLogFile(dataDir);
  const logger = options.logger ?? new StreamJsonLogger((line) => logFile?.write(line));

  const appInfo: AppInfo = {
    name: 'GridHost',
    version,
    mode: options.mode,
    platform: platform(),
    arch: arch(),
    nodeVersion: process.versions.node,
    dataDir,
  };

  const core = new HostCore({
    logger,
    clock: systemClock,
    dataDir,
    appInfo,
    createSettings: (sink) => new SettingsService(new JsonFileStore(join(dataDir, 'settings.json')), logger.child({ component: 'settings' }), sink),
  });
  const dispatcher = new ApiDispatcher(createApiHandlers(core), logger.child({ component: 'api' }));

  return {
    core,
    dispatcher,
    logger,
    async close() {
      await core.stop();
      await new Promise<void>((resolve) => (logFile ? logFile.end(resolve) : resolve()));
    },
  };
}

function openLogFile(dataDir: string) {
  const folder = join(dataDir, 'logs');
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  return createWriteStream(join(folder, 'gridhost.log'), { flags: 'a', mode: 0o600 });
}
