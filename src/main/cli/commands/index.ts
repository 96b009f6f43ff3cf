import type { CliCommand } from '../command';
import { startCommand } from './start';

/** Every `gridhost` command. Add one with a line here. */
export const commands: CliCommand[] = [startCommand];
