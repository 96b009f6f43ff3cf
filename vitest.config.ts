import { defineConfig } from 'vitest/config';

// One runner for every kind of test: unit (fakes of core ports), integration (real Docker, HTTP, SQLite)
// and browser end-to-end (Debian's Chromium driven by playwright-core against the built headless host).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel but keep Docker- and browser-heavy files from piling up.
    maxWorkers: 2,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
