import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateDashboardCertificate } from '../../../src/main/headless/dashboard-certificate';
import { createSelfSignedCertificate } from '../../../src/main/headless/self-signed-certificate';
import { RecordingLogger } from '../../support/core-fakes';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'gridhost-tls-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('the dashboard certificate', () => {
  it('is made on first use for the names given, with the key 0600, then kept', async () => {
    const logger = new RecordingLogger();
    const first = await loadOrCreateDashboardCertificate(home, ['192.168.1.20', 'rig'], logger);
    expect(first.created).toBe(true);
    const x509 = new X509Certificate(first.cert);
    expect(x509.fingerprint256).toBe(first.fingerprint256);
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x509.checkHost('rig')).toBe('rig');
    expect(x509.verify(x509.publicKey)).toBe(true);
    if (process.platform !== 'win32') expect((await stat(join(home, 'tls', 'dashboard-key.pem'))).mode & 0o777).toBe(0o600);
    expect(logger.records.some((r) => r.msg === 'dashboard certificate created' && !JSON.stringify(r).includes('PRIVATE KEY'))).toBe(true);

    const again = await loadOrCreateDashboardCertificate(home, ['10.0.0.9'], logger);
    expect(again).toMatchObject({ created: false, fingerprint256: first.fingerprint256 });
  });

  it('is replaced when the key on disk is not its own, or when it nears its end', async () => {
    const first = await loadOrCreateDashboardCertificate(home, ['rig'], new RecordingLogger());
    await writeFile(join(home, 'tls', 'dashboard-key.pem'), createSelfSignedCertificate({ names: ['x'], days: 1 }).keyPem);
    const replaced = await loadOrCreateDashboardCertificate(home, ['rig'], new RecordingLogger());
    expect(replaced.created).toBe(true);
    expect(replaced.fingerprint256).not.toBe(first.fingerprint256);

    const in800Days = new Date(Date.now() + 800 * 24 * 60 * 60 * 1000);
    const renewed = await loadOrCreateDashboardCertificate(home, ['rig'], new RecordingLogger(), in800Days);
    expect(renewed.created).toBe(true);
    expect(await readFile(join(home, 'tls', 'dashboard-cert.pem'), 'utf8')).toBe(renewed.cert);
  });
});
