import { GRID_TERMS_VERSION } from './protocol';

/**
 * The test-grid terms the owner accepts at enrollment (version GRID_TERMS_VERSION), one point per line, shown
 * by the Test Grid page and `gridhost enroll` before anything is sent.
 */
export const GRID_TERMS: readonly string[] = [
  `Test-grid terms, version ${GRID_TERMS_VERSION}.`,
  'The test grid is for trying GridHost: jobs, prices and payouts on it are for testing and may change or be reset.',
  'Your benchmark results (CPU, memory, disk, network, GPU model, driver and VRAM) are sent to the grid, signed with this machine\'s node key, so that it can place you in a market.',
  'Jobs run in locked-down containers on your machine while you share it; you can pause at any time, and a job stopped early is paid for the seconds it ran.',
  'Pay is per second of work, in NOS, at the price the grid sets for your market; amounts shown are gross (before your electricity).',
  'The email address is optional; the grid operators use it only to reach you about this machine.',
];
