import { describe, expect, it } from 'vitest';
import { UPDATE_CHECK_INTERVAL_MS, UpdatePolicy, type UpdateChannel, type UpdaterPort } from '../../../../../src/main/core/shell/update-policy';
import { RecordingLogger } from '../../../../support/core-fakes';

class FakeUpdater implements UpdaterPort {
  checks: UpdateChannel[] = [];
  downloads = 0;
  installs = 0;
  constructor(public next: string | null | Error) {}
  async check(channel: UpdateChannel) {
    this.checks.push(channel);
    if (this.next instanceof Error) throw this.next;
    return this.next;
  }
  async download() {
    this.downloads++;
  }
  install() {
    this.installs++;
  }
}

function setup(next: string | null | Error = '1.2.0') {
  const updater = new FakeUpdater(next);
  const timers: Array<{ ms: number; run: () => void }> = [];
  const host = { job: false, channel: 'latest' as UpdateChannel };
  const policy = new UpdatePolicy(updater, {
    clock: { every: (ms, run) => (timers.push({ ms, run }), () => timers.splice(0)) },
    channel: () => host.channel,
    jobRunning: () => host.job,
    logger: new RecordingLogger(),
  });
  return { updater, timers, host, policy };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('the updater’s policy', () => {
  it('checks at start and daily on the configured channel, and downloads in the background', async () => {
    const { updater, timers, host, policy } = setup();
    policy.start();
    await settle();
    expect(updater.checks).toEqual(['latest']);
    expect(updater.downloads).toBe(1);
    expect(policy.current()).toEqual({ kind: 'ready', version: '1.2.0', installWhenJobEnds: false });
    expect(timers.map((t) => t.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    expect(updater.installs).toBe(0);

    const { updater: u2, timers: t2, host: h2, policy: p2 } = setup(null);
    h2.channel = 'beta';
    p2.start();
    await settle();
    t2[0]!.run();
    await settle();
    expect(u2.checks).toEqual(['beta', 'beta']);
    expect(u2.downloads).toBe(0);
    void host;
  });

  it('never installs in the middle of a job: an owner’s click waits for the job to end', async () => {
    const { updater, host, policy } = setup();
    await policy.check();
    host.job = true;
    expect(policy.installNow()).toBe('after-job');
    policy.hostStateChanged();
    expect(updater.installs).toBe(0);
    expect(policy.installOnQuit()).toBe(false);
    host.job = false;
    policy.hostStateChanged();
    expect(updater.installs).toBe(1);
  });

  it('installs at once when no job runs, and on quit once the host is closed', async () => {
    const { updater, policy } = setup();
    expect(policy.installNow()).toBe('nothing-to-install');
    expect(policy.installOnQuit()).toBe(false);
    await policy.check();
    expect(policy.installOnQuit()).toBe(true);
    expect(policy.installNow()).toBe('installing');
    expect(updater.installs).toBe(1);
  });

  it('keeps a failed check for the owner, and tries again at the next check', async () => {
    const { updater, policy } = setup(new Error('getaddrinfo ENOTFOUND'));
    await policy.check();
    expect(policy.current()).toEqual({ kind: 'failed', message: expect.stringContaining('ENOTFOUND') });
    updater.next = '2.0.0';
    await policy.check();
    expect(policy.current()).toMatchObject({ kind: 'ready', version: '2.0.0' });
  });
});
