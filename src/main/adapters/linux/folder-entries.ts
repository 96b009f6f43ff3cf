import { readdir } from 'node:fs/promises';

/** A folder's entries, or why it cannot be read (in words for a signal that is unavailable). */
export async function folderEntries(root: string): Promise<{ entries: string[] } | { why: string }> {
  try {
    return { entries: await readdir(root) };
  } catch (err) {
    return { why: `${root} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}
