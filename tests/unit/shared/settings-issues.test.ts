import { describe, expect, it } from 'vitest';
import { ClientSettingsPatchSchema } from '../../../src/shared/settings';
import { fieldIssues } from '../../../src/shared/settings-issues';

function sentences(patch: unknown) {
  const parsed = ClientSettingsPatchSchema.safeParse(patch);
  if (parsed.success) throw new Error('expected a refusal');
  return fieldIssues(parsed.error);
}

describe('settings refusals as sentences', () => {
  it('names the field as the owner knows it and says what is wanted', () => {
    // Today's words were "Invalid parameters for settings.update: ✖ Invalid URL → at wallet.customRpcUrl".
    expect(sentences({ wallet: { customRpcUrl: 'nope' } })).toEqual([
      { path: 'wallet.customRpcUrl', sentence: 'The RPC address must be a web address that starts with http:// or https://, like https://api.example.com.' },
    ]);
    expect(sentences({ containers: { cpus: 0.1, memoryMiB: 1.5, stopGraceSeconds: 'x' } })).toEqual([
      { path: 'containers.stopGraceSeconds', sentence: 'The stop grace time must be a number.' },
      { path: 'containers.memoryMiB', sentence: 'The memory limit must be a whole number.' },
      { path: 'containers.cpus', sentence: 'The CPU limit must be at least 0.5.' },
    ]);
    expect(sentences({ containers: { imageCacheGiB: 20_000 } })[0]?.sentence).toBe('The image cache budget must be at most 10000.');
    expect(sentences({ logs: { level: 'loud' } })[0]?.sentence).toBe('The log level must be one of debug, info, warn, error.');
    expect(sentences({ app: { startAtLogin: 'yes' } })[0]?.sentence).toBe('Start at login must be on or off.');
  });

  it('keeps a rule’s own example, and names an unknown key', () => {
    expect(sentences({ containers: { allowedRegistries: ['a b'] } })[0]).toEqual({
      path: 'containers.allowedRegistries.0',
      sentence: 'An allowed registry is not valid: a registry host, optionally with :port, like 192.168.1.5:5000.',
    });
    expect(sentences({ grid: { adress: 'x' } })[0]?.sentence).toBe('GridHost has no setting grid.adress.');
  });
});
