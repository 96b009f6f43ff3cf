import { describe, expect, it } from 'vitest';
import { createTestHost } from '../../../../support/core-fakes';
import { until } from '../../../../support/host-fakes';

describe('HostLoop: the owner\'s sharing intent is kept in settings', () => {
  it('a host started with the intent `always` joins the queue by itself once onboarded, without a click', async () => {
    const { host, settings, enrollment, gridClient } = createTestHost();
    await settings.update({ sharing: { mode: 'always' } });
    enrollment.onboard();
    await host.start();
    await until(() => host.getStatus().state === 'queued', 'queued');
    expect(gridClient.calls).toContain('joinQueue');
    await host.stop();
  });

  it('a host started with `never` waits in ready; Start sharing keeps `always`, Pause keeps `never`', async () => {
    const { host, settings, enrollment, events } = createTestHost();
    await settings.update({ sharing: { mode: 'never' } });
    const changes: Array<string | null> = [];
    events.on('settings.changed', (s) => changes.push(s.sharing.mode));
    enrollment.onboard();
    await host.start();
    expect(host.getStatus().state).toBe('ready');
    await host.requestSharing();
    expect(settings.get().sharing.mode).toBe('always');
    await until(() => host.getStatus().state === 'queued', 'queued');
    await host.pause('You paused sharing.');
    expect(settings.get().sharing.mode).toBe('never');
    expect(host.getStatus().state).toBe('paused');
    expect(changes).toEqual(['always', 'never']);
    await host.stop();
  });

  it('a stop (shutdown or crash) leaves the intent as it was, so the next start resumes', async () => {
    const { host, settings, enrollment } = createTestHost();
    enrollment.onboard();
    await host.start();
    await host.requestSharing();
    await host.stop();
    expect(settings.get().sharing.mode).toBe('always');
  });
});
