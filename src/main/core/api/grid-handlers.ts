import { ApiError } from '../../../shared/api-error';
import type { GridSnapshot } from '../../../shared/contract/grid';
import { enrollmentBenchmark } from '../grid/enrollment-benchmark';
import { isGridError } from '../grid/grid-error';
import type { GridServices } from '../grid/grid-services';
import { earningsSnapshot, gridSnapshot, jobsSnapshot } from '../grid/grid-snapshots';
import { GRID_TERMS_VERSION } from '../grid/protocol';
import type { HostCore } from '../host';
import type { ApiHandlers } from './dispatcher';

type GridHandlers = Pick<
  ApiHandlers,
  'grid.snapshot' | 'grid.refresh' | 'grid.enroll' | 'grid.sharing.start' | 'grid.sharing.pause' | 'jobs.list' | 'earnings.list'
>;

/** The grid's requests: enrollment, sharing on and off, the jobs and earnings lists. */
export function gridHandlers(core: HostCore): GridHandlers {
  const grid = (): GridServices => {
    const services = core.deps.grid;
    if (!services) throw new ApiError('unavailable', 'The grid is not available in this mode of GridHost.');
    return services;
  };
  const snapshot = (): GridSnapshot => {
    const g = grid();
    return gridSnapshot(g.connection.url, g.driver.current());
  };
  return {
    'grid.snapshot': () => snapshot(),
    'grid.refresh': async () => {
      const g = grid();
      g.driver.applyEnrollment(await asApiError(() => g.enrollment.refresh()));
      // The grid answers again: a host waiting out a grid failure need not wait for its retry timer.
      if (core.getStatus().state === 'error') await core.runPreflight();
      return snapshot();
    },
    'grid.enroll': async ({ termsVersion, contactEmail, benchmarkId }) => {
      const g = grid();
      if (termsVersion !== GRID_TERMS_VERSION) {
        throw new ApiError('terms_outdated', `The test-grid terms are now version ${GRID_TERMS_VERSION}; read them again and accept them to enroll.`);
      }
      const evidence = g.evidence();
      const benchmark = await evidence.benchmark(benchmarkId);
      if (!benchmark) {
        throw new ApiError('benchmark_missing', 'There is no finished benchmark to submit. Run the benchmark (Hardware page, or `gridhost benchmark`), then enroll.');
      }
      const report = enrollmentBenchmark(await evidence.detection(), benchmark);
      const status = await asApiError(() => g.enrollment.enroll({ termsVersion, contactEmail, benchmark: report }));
      g.driver.applyEnrollment(status);
      return snapshot();
    },
    'grid.sharing.start': async () => {
      const g = grid();
      const state = core.getStatus().state;
      if (state === 'unenrolled' || state === 'waitlisted') {
        throw new ApiError('not_onboarded', 'This machine is not onboarded yet: enroll on the Test Grid page (or `gridhost enroll`) and wait for approval.');
      }
      g.driver.requestSharing();
      if (state === 'paused' || state === 'error') await core.runPreflight();
      return snapshot();
    },
    'grid.sharing.pause': async () => {
      await grid().driver.pause('You paused sharing.');
      return snapshot();
    },
    'jobs.list': async () => {
      const g = grid();
      await g.ledger.load();
      return jobsSnapshot(g.driver.current(), g.ledger.list());
    },
    'earnings.list': async () => {
      const g = grid();
      await g.ledger.load();
      let problem: string | null = null;
      try {
        await g.ledger.refresh();
      } catch (err) {
        problem = isGridError(err) ? `${err.message} These are the last known figures.` : (err as Error).message;
      }
      return earningsSnapshot(g.ledger.list(), g.ledger.totals(), problem);
    },
  };
}

/** A grid failure as an API error the owner can act on (the GridError message already says what to do). */
async function asApiError<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isGridError(err)) throw new ApiError(err.kind === 'refused' ? `grid_${err.code}` : 'grid_unavailable', err.message);
    throw err;
  }
}
