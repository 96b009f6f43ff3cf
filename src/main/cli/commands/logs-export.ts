import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bundleFileName } from '../../core/logs/logs-service';
import { withHost, type CliCommand } from '../command';

/** `gridhost logs export`: writes a redacted support bundle (zip) and says what it could not collect. */
export const logsExportCommand: CliCommand = {
  name: 'logs export',
  summary: 'Write a support bundle: logs, checks, last benchmark and recent jobs in one zip, with every secret removed',
  usage: 'gridhost logs export [--out FILE_OR_FOLDER] [--json]',
  options: {
    out: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    const out = await outputPath(ctx.values.out as string | undefined);
    // The bundle goes to a path of the owner's choice, which the API (open to the page) never allows: it is
    // an owner's request, made to the running host when one runs (it collects its own state).
    return withHost(ctx, async ({ owner }) => {
      const result = await owner.logsExport({ path: out });
      if (ctx.values.json) {
        ctx.out(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      ctx.out(`Support bundle written: ${result.path} (${formatBytes(result.zipBytes)}, ${result.files} files)\n`);
      ctx.out('Keys, seed phrases, tokens, passwords, e-mail addresses and your user name were removed; wallet addresses are shortened.\n');
      if (result.notes.length > 0) {
        ctx.out('\nNot included, or only in part:\n');
        for (const note of result.notes) ctx.out(`  - ${note.item}: ${note.reason}\n`);
      }
      return 0;
    });
  },
};

/** --out as given (a folder gets the default file name), or the default name in the current folder. */
async function outputPath(out: string | undefined): Promise<string> {
  const name = bundleFileName(Date.now());
  if (out === undefined) return resolve(name);
  const isFolder = await stat(out).then((s) => s.isDirectory(), () => false);
  return isFolder ? resolve(join(out, name)) : resolve(out);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
