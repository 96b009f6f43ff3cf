import type { CliCommand } from '../command';
import { enrollCommand } from './enroll';
import { keyExportCommand, keyImportCommand } from './key';
import { startCommand } from './start';
import { walletCommand } from './wallet';

/** Every `gridhost` command. Add one with a line here. */
export const commands: CliCommand[] = [startCommand, walletCommand, enrollCommand, keyExportCommand, keyImportCommand];
