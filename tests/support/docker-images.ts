import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The image every Docker test uses: busybox-static with its applets linked in /bin, nothing else. */
export const TEST_IMAGE = 'gridhost-test/busybox:latest';

const BUSYBOX = '/bin/busybox';
const LOCK_DIR = join(tmpdir(), 'gridhost-test-images.lock');
const STALE_LOCK_MS = 120_000;

const built = new Map<string, Promise<string>>();

/**
 * Makes sure the local busybox test image exists and returns its reference. Idempotent and fast when the
 * image is already there (one `docker image inspect`); safe when several test files (separate workers) call
 * it at once: building takes a lock directory in the temp folder, and the loser of the race re-checks.
 */
export function ensureTestImage(tag: string = TEST_IMAGE, label?: string): Promise<string> {
  const key = `${tag}|${label ?? ''}`;
  let pending = built.get(key);
  if (!pending) {
    pending = buildOnce(tag, label);
    built.set(key, pending);
    pending.catch(() => built.delete(key));
  }
  return pending;
}

async function buildOnce(tag: string, label: string | undefined): Promise<string> {
  if (await imageExists(tag)) return tag;
  await withLock(async () => {
    if (await imageExists(tag)) return;
    await importBusybox(tag, label);
  });
  return tag;
}

async function imageExists(tag: string): Promise<boolean> {
  try {
    await run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** `docker import` of a root filesystem holding only busybox, its applet links and an empty /tmp. */
async function importBusybox(tag: string, label: string | undefined): Promise<void> {
  const changes = ['-c', 'ENV PATH=/bin', '-c', 'CMD ["sh"]'];
  if (label) changes.push('-c', `LABEL gridhost.test=${label}`);
  await withBusyboxRoot((root) => pipeTarIntoImport(root, tag, changes));
}

/** The busybox root filesystem as an uncompressed tar (a registry layer, for the test registry). */
export function busyboxRootfsTar(): Promise<Buffer> {
  return withBusyboxRoot(
    (root) =>
      new Promise<Buffer>((resolve, reject) => {
        const tar = spawn('tar', ['-C', root, '--sort=name', '--mtime=@0', '--owner=0', '--group=0', '-c', '.'], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        const parts: Buffer[] = [];
        tar.stdout.on('data', (d: Buffer) => parts.push(d));
        tar.on('error', reject);
        tar.on('close', (code) => (code === 0 ? resolve(Buffer.concat(parts)) : reject(new Error(`tar failed (${code})`))));
      }),
  );
}

async function withBusyboxRoot<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), 'gridhost-busybox-'));
  try {
    await mkdir(join(root, 'bin'));
    await mkdir(join(root, 'tmp'));
    await copyFile(BUSYBOX, join(root, 'bin', 'busybox'));
    const { stdout } = await run(BUSYBOX, ['--list']);
    for (const applet of stdout.split('\n').map((s) => s.trim())) {
      if (applet && applet !== 'busybox' && !applet.includes('/')) await symlink('busybox', join(root, 'bin', applet));
    }
    return await fn(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function pipeTarIntoImport(root: string, tag: string, changes: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('docker', ['import', ...changes, '-', tag], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    imp.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    tar.stdout.pipe(imp.stdin);
    tar.on('error', reject);
    imp.on('error', reject);
    imp.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`docker import ${tag} failed (${code}): ${stderr.trim()}`)),
    );
  });
}

async function withLock(fn: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const age = await stat(LOCK_DIR).then((s) => Date.now() - s.mtimeMs, () => 0);
      // A worker that died mid-build leaves its lock behind; take it over once it is clearly stale.
      if (age > STALE_LOCK_MS || Date.now() > deadline) await rm(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    await fn();
  } finally {
    await rm(LOCK_DIR, { recursive: true, force: true });
  }
}
