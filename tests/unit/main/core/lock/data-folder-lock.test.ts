import { describe, expect, it } from 'vitest';
import { DataFolderLock, describeHolder, type LockHolder } from '../../../../../src/main/core/lock/data-folder-lock';
import type { LockFile, ProcessTable } from '../../../../../src/main/core/lock/ports';
import { ManualClock } from '../../../../support/core-fakes';

/** The lock file in memory; `beforeMove` lets a test play another process that acts between two calls. */
class MemoryLockFile implements LockFile {
  readonly path = '/data/gridhost.lock';
  text: string | null = null;
  beforeMove: (() => void) | null = null;
  putBacks = 0;

  async create(text: string) {
    if (this.text !== null) return false;
    this.text = text;
    return true;
  }
  async read() {
    return this.text;
  }
  async replace(text: string) {
    this.text = text;
  }
  async moveAside() {
    this.beforeMove?.();
    const moved = this.text;
    if (moved === null) return null;
    this.text = null;
    return {
      text: moved,
      putBack: async () => {
        this.putBacks++;
        if (this.text === null) this.text = moved;
      },
      discard: async () => undefined,
    };
  }
  async remove(text: string) {
    if (this.text === text) this.text = null;
  }
  removeNow(text: string) {
    if (this.text === text) this.text = null;
  }
}

class FakeProcesses implements ProcessTable {
  readonly pid = 100;
  alive = new Map<number, string | null>([[100, 'start-100']]);
  isAlive(pid: number) {
    return this.alive.has(pid);
  }
  startMark(pid: number) {
    return this.alive.get(pid) ?? null;
  }
}

function holder(over: Partial<LockHolder> = {}): LockHolder {
  return { pid: 200, startedAt: '2026-11-25T09:00:00.000Z', dashboardUrl: 'http://127.0.0.1:7788', mode: 'headless', processStart: 'start-200', ...over };
}

function setup() {
  const file = new MemoryLockFile();
  const processes = new FakeProcesses();
  const lock = new DataFolderLock(file, processes, new ManualClock());
  return { file, processes, lock };
}

describe('DataFolderLock: one writer per data folder', () => {
  it('takes a free data folder, recording who holds it, and releases it', async () => {
    const { file, lock } = setup();
    const claim = await lock.acquire({ mode: 'cli' });
    expect(claim).toMatchObject({ ok: true, tookOverFrom: null, unreadableTakenOver: false });
    expect(JSON.parse(file.text!)).toEqual({ pid: 100, startedAt: '2026-11-25T10:00:00.000Z', dashboardUrl: null, mode: 'cli', processStart: 'start-100' });
    if (!claim.ok) throw new Error('not held');
    await claim.lock.setDashboardUrl('http://127.0.0.1:9000');
    expect(JSON.parse(file.text!)).toMatchObject({ dashboardUrl: 'http://127.0.0.1:9000' });
    await claim.lock.release();
    expect(file.text).toBeNull();
  });

  it('refuses while a live process holds it, says which, and leaves its lock as it was', async () => {
    const { file, processes, lock } = setup();
    processes.alive.set(200, 'start-200');
    file.text = JSON.stringify(holder());
    const before = file.text;
    const claim = await lock.acquire({ mode: 'headless' });
    expect(claim).toEqual({ ok: false, holder: holder() });
    expect(file.text).toBe(before);
    expect(describeHolder(holder(), '/data')).toBe(
      'A headless GridHost is already running on the data folder /data (pid 200, since 2026-11-25T09:00:00.000Z, dashboard http://127.0.0.1:7788).',
    );
  });

  it('counts a holder that exists but may not be signalled as alive when its start is unknown', async () => {
    const { file, processes, lock } = setup();
    processes.alive.set(200, null);
    file.text = JSON.stringify(holder());
    expect(await lock.acquire({ mode: 'cli' })).toMatchObject({ ok: false });
  });

  it('takes over the lock of a process that is gone, and says whose it was', async () => {
    const { file, lock } = setup();
    file.text = JSON.stringify(holder());
    const claim = await lock.acquire({ mode: 'headless' });
    expect(claim).toMatchObject({ ok: true, tookOverFrom: holder() });
    expect(JSON.parse(file.text!)).toMatchObject({ pid: 100, mode: 'headless' });
  });

  it('takes over a lock whose pid now belongs to a process that started later', async () => {
    const { file, processes, lock } = setup();
    processes.alive.set(200, 'start-of-another-process');
    file.text = JSON.stringify(holder());
    expect(await lock.acquire({ mode: 'headless' })).toMatchObject({ ok: true, tookOverFrom: { pid: 200 } });
  });

  it('takes over an unreadable lock, and says so', async () => {
    const { file, lock } = setup();
    file.text = '{"pid": 2';
    expect(await lock.acquire({ mode: 'cli' })).toMatchObject({ ok: true, tookOverFrom: null, unreadableTakenOver: true });
  });

  it('gives back a fresh lock another process made after this one judged the old one stale, and is refused', async () => {
    const { file, processes, lock } = setup();
    file.text = JSON.stringify(holder());
    const fresh = holder({ pid: 300, processStart: 'start-300' });
    // Between this process's read and its rename, process 300 took the stale lock over and made its own.
    file.beforeMove = () => {
      file.beforeMove = null;
      processes.alive.set(300, 'start-300');
      file.text = JSON.stringify(fresh);
    };
    const claim = await lock.acquire({ mode: 'headless' });
    expect(file.putBacks).toBe(1);
    expect(claim).toEqual({ ok: false, holder: fresh });
    expect(JSON.parse(file.text!)).toEqual(fresh);
  });

  it('gives up with a clear error when other processes keep taking the lock', async () => {
    const { file, lock } = setup();
    file.text = JSON.stringify(holder());
    let n = 0;
    file.beforeMove = () => {
      file.text = JSON.stringify(holder({ pid: 400 + n++, processStart: null }));
    };
    await expect(lock.acquire({ mode: 'cli' })).rejects.toThrow(/other processes keep taking it/);
  });

  it('releases only its own lock, also synchronously at exit', async () => {
    const { file, lock } = setup();
    const claim = await lock.acquire({ mode: 'cli' });
    if (!claim.ok) throw new Error('not held');
    const other = JSON.stringify(holder());
    file.text = other;
    claim.lock.releaseNow();
    expect(file.text).toBe(other);
    await claim.lock.release();
    expect(file.text).toBe(other);
  });
});
