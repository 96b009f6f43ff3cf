import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHostRuntime } from '../../../src/main/composition';
import { RecordingLogger } from '../../support/core-fakes';

describe('the host runtime and its database', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gridhost-runtime-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const runtime = () => createHostRuntime({ mode: 'headless', dataDir: dir, env: { GRIDHOST_HOME: dir }, logger: new RecordingLogger() });

  it('makes gridhost.sqlite in the data folder and tells the owner nothing when all is well', async () => {
    const host = runtime();
    expect(existsSync(join(dir, 'gridhost.sqlite'))).toBe(true);
    expect((await host.api.appInfo()).notices).toEqual([]);
    await host.close();
  });

  it('tells the owner (app.info notices, for the Overview) when a damaged database was moved aside', async () => {
    writeFileSync(join(dir, 'gridhost.sqlite'), 'garbage bytes, not a database'.repeat(100));
    const host = runtime();
    const [notice] = (await host.api.appInfo()).notices;
    const movedTo = readdirSync(dir).find((f) => f.startsWith('gridhost.sqlite.corrupt-'));
    expect(movedTo).toBeDefined();
    expect(notice).toContain(`moved aside to ${join(dir, movedTo!)}`);
    expect(notice).toMatch(/filled again from the grid/);
    await host.close();
  });
});
