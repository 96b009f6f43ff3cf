import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');

interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  nsis: { oneClick: boolean; perMachine: boolean; include: string };
  deb: { fpm: string[] };
  linux: { target: string[] };
  win: { target: string[] };
  extraResources: Array<{ from: string; to: string }>;
}

describe('the installers (electron-builder.yml)', () => {
  it('flips the fuses, builds NSIS one-click per user, AppImage and deb, and runs cleanup on uninstall', async () => {
    const config = parse(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
    expect(config.win.target).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.extraResources).toContainEqual({ from: 'assets/tray', to: 'tray' });

    const nsh = await readFile(join(ROOT, config.nsis.include), 'utf8');
    expect(nsh).toMatch(/!macro customUnInstall[\s\S]*" cleanup --quiet-if-no-docker'/);
    const prermAt = config.deb.fpm.indexOf('--before-remove');
    const prerm = await readFile(join(ROOT, config.deb.fpm[prermAt + 1]!), 'utf8');
    expect(prerm).toMatch(/^#!\/bin\/sh/);
    expect(prerm).toContain('cleanup --quiet-if-no-docker || true');
  });
});
