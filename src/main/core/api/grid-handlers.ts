import { ApiError } from '../../../shared/api-error';
import type { GridSnapshot } from '../../../shared/contract/grid';
import { hostPhase } from '../../../shared/host-state';
import { enrollmentBenchmark } from '../grid/enrollment-benchmark';
import { isGridError } from '../grid/grid-error';
import { earningsSnapshot } from '../earnings/earnings-snapshot';
import { decodeCursor } from '../earnings/ledger-cursor';
import type { LedgerCursor } from '../earnings/ports';
import type { GridParts } from '../grid/grid-parts';
import { gridSnapshot, jobsSnapshot } from '../grid/grid-snapshots';
import { GRID_TERMS_VERSION } from '../grid/protocol';
import type { HostLoop } from '../host/host-loop';
import type { ApiHandlers } from './dispatcher';

type GridHandlers = Pick<
  ApiHandlers,
  'grid.snapshot' | 'grid.refresh' | 'grid.enroll' | 'grid.sharing.start' | 'grid.sharing.pause' | 'jobs.list' | 'earnings.list'
>;

/** The grid's requests: enrollment, sharing on and off, the jobs and earnings lists. */
export function gridHandlers({ host, grid }: { host: HostLoop; grid: GridParts }): GridHandlers {
  const snapshot = (): GridSnapshot => gridSnapshot(grid.connection.url, host.current());
  return {
    'grid.snapshot': () => snapshot(),
    'grid.refresh': async () => {
      host.applyEnrollment(await asApiError(() => grid.enrollment.refresh()));
      // The grid answers again: a host waiting out a grid failure need not wait for its retry timer.
      if (hostPhase(host.getStatus().state) === 'failing') await host.runPreflight();
      return snapshot();
    },
    'grid.enroll': async ({ termsVersion, contactEmail, benchmarkId }) => {
      if (termsVersion !== GRID_TERMS_VERSION) {
        throw new ApiError('terms_outdated', `The test-grid terms are now version ${GRID_TERMS_VERSION}; read them again and accept them to enroll.`);
      }
      const { evidence } = grid;
      const benchmark = await evidence.benchmark(benchmarkId);
      if (!benchmark) {
        throw new ApiError('benchmark_missing', 'There is no finished benchmark to submit. Run the benchmark (Hardware page, or `gridhost benchmark`), then enroll.');
      }
      const report = enrollmentBenchmark(await evidence.detection(), benchmark);
      const status = await asApiError(() => grid.enrollment.enroll({ termsVersion, contactEmail, benchmark: report }));
      host.applyEnrollment(status);
      return snapshot();
    },
    'grid.sharing.start': async () => {
      const phase = hostPhase(host.getStatus().state);
      if (phase === 'setup') {
        throw new ApiError('not_onboarded', 'This machine is not onboarded yet: enroll on the Test Grid page (or `gridhost enroll`) and wait for approval.');
      }
      await host.requestSharing();
      if (phase === 'paused' || phase === 'failing') await host.runPreflight();
      return snapshot();
    },
    'grid.sharing.pause': async () => {
      await host.pause('You paused sharing.');
      return snapshot();
    },
    'jobs.list': async ({ limit, before }) => {
      await grid.ledger.load();
      return jobsSnapshot(host.current(), grid.ledger.list({ limit, before: cursorParam(before) }));
    },
    'earnings.list': async ({ limit, before }) => {
      const cursor = cursorParam(before);
      await grid.ledger.load();
      let problem: string | null = null;
      // The first page reads the grid; an older page is read from the ledger as it stands.
      if (cursor === null) {
        try {
          await grid.ledger.refresh();
        } catch (err) {
          problem = isGridError(err) ? `${err.message} These are the last known figures.` : (err as Error).message;
        }
      }
      return earningsSnapshot(grid.ledger.list({ limit, before: cursor }), grid.ledger.totals(), problem);
    },
  };
}

/** The `before` parameter as a ledger cursor; a cursor this host did not make is refused. */
function cursorParam(before: string | undefined): LedgerCursor | null {
  if (before === undefined) return null;
  const cursor = decodeCursor(before);
  if (!cursor) throw new ApiError('bad_cursor', 'This list position is not one GridHost gave out; reload the list from its newest page.');
  return cursor;
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
