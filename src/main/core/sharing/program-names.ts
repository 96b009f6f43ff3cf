/**
 * Program names as the owner writes them and as the system reports them: nvidia-smi prints paths
 * (`/usr/bin/foo`, `C:\Games\Game.exe`), Linux's /proc/<pid>/comm cuts names to 15 characters, Windows adds
 * `.exe`. These helpers make `Cyberpunk2077.exe`, `cyberpunk2077` and `Cyberpunk2077.e` the same program.
 */

/** The file name of a path of either platform. */
export function baseName(name: string): string {
  const parts = name.trim().split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

const LINUX_COMM_LENGTH = 15;

function normalised(name: string): string {
  return baseName(name).toLowerCase().replace(/\.exe$/, '');
}

/** Whether a running program (a name or path, possibly cut to 15 characters) is the program the owner named. */
export function sameProgram(running: string, wanted: string): boolean {
  const r = normalised(running);
  const w = normalised(wanted);
  if (r === '' || w === '') return false;
  if (r === w) return true;
  // /proc/<pid>/comm keeps the first 15 bytes of the name, `.exe` included.
  const cut = baseName(running).toLowerCase();
  return cut.length === LINUX_COMM_LENGTH && baseName(wanted).toLowerCase().startsWith(cut);
}

/** The first running program that is on the list, as the system names it. */
export function firstListed(running: readonly string[], list: readonly string[]): string | null {
  for (const name of running) if (list.some((wanted) => sameProgram(name, wanted))) return baseName(name);
  return null;
}
