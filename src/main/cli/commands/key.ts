import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, withHost, type CliCommand } from '../command';

/** `gridhost key export --out FILE`: a solana-keygen backup of the node key, written owner-only. */
export const keyExportCommand: CliCommand = {
  name: 'key export',
  summary: 'Back up the node key as a solana-keygen file (keep it offline: it controls the node address)',
  usage: 'gridhost key export --out FILE',
  options: { out: { type: 'string' } },
  async run(ctx) {
    const out = ctx.values.out as string | undefined;
    if (!out) throw new UsageError('Say where to write the backup with --out FILE (the file must not exist yet).');
    const path = resolve(out);
    // While a host runs, the key comes from it (it holds the key open, perhaps sealed by the desktop's keyring)
    // over its owner-only control channel; this command writes the file.
    return withHost(ctx, async ({ owner }) => {
      let handle;
      try {
        // O_EXCL: never overwrite a file, which could be an older backup of another key.
        handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        ctx.err(
          code === 'EEXIST'
            ? `${path} already exists; GridHost does not overwrite a file. Choose another name.\n`
            : `Cannot create ${path} (${code ?? (err as Error).message}).\n`,
        );
        return 1;
      }
      let address: string;
      try {
        const exported = await owner.keyExport();
        address = exported.address;
        await handle.writeFile(`${exported.keygen}\n`);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await unlink(path).catch(() => undefined);
        throw err;
      }
      await handle.close();
      ctx.out(
        `Node key ${address} written to ${path} (owner-only).\n` +
          'Anyone with this file controls the node address: keep it offline, and restore it with ' +
          '`gridhost key import FILE`.\n',
      );
      return 0;
    });
  },
};

/** `gridhost key import FILE [--replace]`: restores the node key from a solana-keygen file. */
export const keyImportCommand: CliCommand = {
  name: 'key import',
  summary: 'Restore the node key from a solana-keygen file (a backup, or a key made with solana-keygen)',
  usage: 'gridhost key import FILE [--replace]',
  options: { replace: { type: 'boolean', default: false } },
  allowPositionals: true,
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('Name one key file to import.');
    let text: string;
    try {
      text = await readFile(resolve(file), 'utf8');
    } catch (err) {
      ctx.err(`Cannot read ${resolve(file)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).\n`);
      return 1;
    }
    // While a host runs, it imports the key itself (over its control channel) and signs with it at once.
    return withHost(ctx, async ({ owner, running }) => {
      const { address } = await owner.keyImport({ keygen: text, replace: ctx.values.replace === true });
      ctx.out(`Node key imported: this node is now ${address}${running ? ' (the running host uses it now)' : ''}.\n`);
      return 0;
    });
  },
};
