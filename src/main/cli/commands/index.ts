import type { CliCommand } from '../command';
import { benchmarkCommand } from './benchmark';
import { cleanupCommand } from './cleanup';
import { detectCommand } from './detect';
import { earningsCommand } from './earnings';
import { enrollCommand } from './enroll';
import { jobValidateCommand } from './job-validate';
import { keyExportCommand, keyImportCommand } from './key';
import { logsExportCommand } from './logs-export';
import { logsInspectCommand } from './logs-inspect';
import { settingsCommand, settingsSetCommand } from './settings';
import { shareCommand, shareStatusCommand } from './share';
import { startCommand } from './start';
import { statusCommand } from './status';
import { walletCommand } from './wallet';

/** Every `gridhost` command. Add one with a line here. */
export const commands: CliCommand[] = [
  startCommand,
  statusCommand,
  detectCommand,
  benchmarkCommand,
  walletCommand,
  earningsCommand,
  enrollCommand,
  shareCommand,
  shareStatusCommand,
  settingsCommand,
  settingsSetCommand,
  keyExportCommand,
  keyImportCommand,
  logsExportCommand,
  logsInspectCommand,
  jobValidateCommand,
  cleanupCommand,
];
