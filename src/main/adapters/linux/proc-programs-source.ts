import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { folderEntries } from './folder-entries';
import { signalUnavailable, signalValue, type RunningPrograms, type Signal, type SignalSource } from '../../core/sharing/ports';

/**
 * The names of the running programs, from Linux's `/proc/<pid>/comm` (the kernel cuts them to 15 characters;
 * the policy matches names with that in mind). A process that ends while it is read is skipped.
 */
export function procProgramsSource(root = '/proc'): SignalSource<RunningPrograms> {
  return {
    id: 'programs:proc',
    async read(): Promise<Signal<RunningPrograms>> {
      const folder = await folderEntries(root);
      if ('why' in folder) return signalUnavailable(folder.why);
      const { entries } = folder;
      const names = await Promise.all(
        entries.filter((e) => /^\d+$/.test(e)).map((pid) => readFile(join(root, pid, 'comm'), 'utf8').then((s) => s.trim(), () => '')),
      );
      return signalValue([...new Set(names.filter((n) => n !== ''))]);
    },
  };
}
