import { describe, expect, it } from 'vitest';

// The audit of the Electron shell (npm run audit:shell), run here so a high-severity finding fails the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { audit } = require('../../../tools/electronegativity/run.cjs') as {
  audit(): Promise<{ electronVersion: string; checks: number; errors: unknown[]; failing: unknown[]; findings: Array<{ severity: string }> }>;
};

describe('Electronegativity over src/', () => {
  it('runs its checks for the project’s Electron version and finds nothing of high severity', async () => {
    const report = await audit();
    expect(report.electronVersion).toMatch(/^40\./);
    expect(report.checks).toBeGreaterThan(30);
    expect(report.failing).toEqual([]);
  }, 120_000);
});
