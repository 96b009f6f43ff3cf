import { describe, expect, it } from 'vitest';
import { BundleAccess } from '../../../../../src/main/core/logs/bundle-access';

/** A disk where these paths exist, and where `link` leads elsewhere. */
function disk(files: string[], links: Record<string, string> = {}) {
  const looked: string[] = [];
  const realPath = async (path: string) => {
    looked.push(path);
    if (links[path]) return links[path]!;
    return files.includes(path) || path === '/data/support' ? path : null;
  };
  return { realPath, looked };
}

const clockAt = (ms: { now: number }) => ({ now: () => ms.now });

describe('BundleAccess', () => {
  it('opens a bundle in the support folder by name or by full path', async () => {
    const { realPath } = disk(['/data/support/a.zip']);
    const access = new BundleAccess('/data/support', realPath, clockAt({ now: 0 }), null);
    await expect(access.resolve({ path: 'a.zip' })).resolves.toBe('/data/support/a.zip');
    await expect(access.resolve({ path: '/data/support/a.zip' })).resolves.toBe('/data/support/a.zip');
    await expect(access.resolve({ path: 'missing.zip' })).rejects.toMatchObject({ code: 'bundle_unreadable', message: expect.stringMatching(/no support bundle named missing\.zip/) });
  });

  it('refuses any path outside the folder with one message, without looking at the disk', async () => {
    const { realPath, looked } = disk(['/etc/passwd', '/data/support/a.zip']);
    const access = new BundleAccess('/data/support', realPath, clockAt({ now: 0 }), null);
    const refusals = await Promise.all(
      ['/etc/passwd', '/etc/no-such-file', '../settings.json', '/data/support/../node-key.json', '/data/support', '/data/supportx/a.zip'].map((path) =>
        access.resolve({ path }).then(
          () => 'opened',
          (err: { code: string; message: string }) => `${err.code}: ${err.message}`,
        ),
      ),
    );
    expect(new Set(refusals).size).toBe(1);
    expect(refusals[0]).toMatch(/^forbidden: Only support bundles in the support folder .*gridhost logs inspect FILE/);
    expect(looked).toEqual([]);
  });

  it('refuses a link in the folder that leads out of it, with the same message', async () => {
    const { realPath } = disk(['/etc/passwd'], { '/data/support/x.zip': '/etc/passwd' });
    const access = new BundleAccess('/data/support', realPath, clockAt({ now: 0 }), null);
    const outside = await access.resolve({ path: '/etc/passwd' }).catch((e: Error) => e.message);
    await expect(access.resolve({ path: 'x.zip' })).rejects.toMatchObject({ code: 'forbidden', message: outside });
  });

  it('opens a file the owner picked once, by its handle, and not after it expired', async () => {
    const time = { now: 0 };
    const picks = ['/home/me/Downloads/b.zip', '/home/me/c.zip', null];
    const access = new BundleAccess('/data/support', disk([]).realPath, clockAt(time), async () => picks.shift()!);
    const picked = await access.pick();
    expect(picked).toEqual({ handle: expect.stringMatching(/^[\w-]{24}$/), name: 'b.zip' });
    await expect(access.resolve({ handle: picked!.handle })).resolves.toBe('/home/me/Downloads/b.zip');
    await expect(access.resolve({ handle: picked!.handle })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/choose the file again/) });
    const late = await access.pick();
    time.now += 11 * 60 * 1000;
    await expect(access.resolve({ handle: late!.handle })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(access.resolve({ handle: 'made-up-handle-0000000' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(access.pick()).resolves.toBeNull();
  });

  it('says where to go instead when there is no file dialog (headless, CLI)', async () => {
    const access = new BundleAccess('/data/support', disk([]).realPath, clockAt({ now: 0 }), null);
    await expect(access.pick()).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/desktop app.*support folder.*gridhost logs inspect FILE/) });
  });
});
