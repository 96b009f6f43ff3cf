import { dialog, type BrowserWindow } from 'electron';
import type { BundleFilePicker } from '../core/logs/ports';

/**
 * The open-file dialog for a support bundle, shown by the main process: the path never comes from the page,
 * which only gets a one-time handle for the file the owner chose (`logs.bundle.pick`).
 */
export function bundleFileDialog(parent: () => BrowserWindow | null): BundleFilePicker {
  return async () => {
    const options = { title: 'Open a support bundle', properties: ['openFile' as const], filters: [{ name: 'Support bundle', extensions: ['zip'] }] };
    const window = parent();
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
