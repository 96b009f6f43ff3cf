/// <reference lib="dom" />
import { ipcRenderer } from 'electron';

/**
 * PASSPHRASE_CHANNEL of src/shared/wire.ts, written out: this preload imports nothing of ours, so the build keeps
 * it one file with no chunk shared with the main preload (a sandboxed preload cannot load another file).
 * tests/unit/preload/preload-contract.test.ts checks the two are the same.
 */
const PASSPHRASE_CHANNEL = 'gridhost:passphrase';

// The passphrase window's only bridge: the form's answer (or '' for Cancel) goes to the main process, once.
// Nothing is exposed to the page; this preload reads the form itself.
window.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('f') as HTMLFormElement | null;
  const input = document.getElementById('p') as HTMLInputElement | null;
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    ipcRenderer.send(PASSPHRASE_CHANNEL, input?.value ?? '');
  });
  document.getElementById('c')?.addEventListener('click', () => ipcRenderer.send(PASSPHRASE_CHANNEL, ''));
});
