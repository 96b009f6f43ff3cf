import { ApiError } from '../../../shared/api-error';
import type { GridhostApi } from '../../../shared/api-surface';
import type { GridSnapshot } from '../../../shared/contract/grid';
import { runBenchmarkThroughApi } from '../benchmark-run';
import { UsageError, withHost, type CliCommand, type CliContext } from '../command';

/**
 * `gridhost enroll`: the Test Grid page's wizard on the command line. Shows the terms, submits the newest
 * (or a named) finished benchmark signed by the node key, and prints the review status.
 */
export const enrollCommand: CliCommand = {
  name: 'enroll',
  summary: 'Enroll this machine in the test grid (or show its status with --status)',
  usage: 'gridhost enroll [--accept-terms] [--email ADDRESS] [--benchmark ID | --run-benchmark] [--status] [--json]',
  options: {
    'accept-terms': { type: 'boolean', default: false },
    email: { type: 'string' },
    benchmark: { type: 'string' },
    'run-benchmark': { type: 'boolean', default: false },
    status: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  async run(ctx) {
    if (ctx.values.benchmark && ctx.values['run-benchmark']) throw new UsageError('Use either --benchmark ID or --run-benchmark, not both.');
    return withHost(ctx, async ({ api, start }) => {
      await start();
      if (ctx.values.status) return print(ctx, await api.gridRefresh());
      const before = await api.gridSnapshot();
      // Enrolled already (onboarded, or waiting for review): nothing to do, and nothing went wrong.
      const known = before.enrollment?.status;
      if (known === 'onboarded' || known === 'waitlisted') {
        if (!ctx.values.json) ctx.out('This machine is already enrolled; nothing was sent.\n');
        return print(ctx, before);
      }
      if (!ctx.values['accept-terms']) {
        ctx.out(`${before.terms.join('\n')}\n\nRead the terms above, then run again with --accept-terms to enroll.\n`);
        return 1;
      }
      let benchmarkId = (ctx.values.benchmark as string | undefined) ?? null;
      if (ctx.values['run-benchmark']) benchmarkId = await runBenchmark(ctx, api);
      const after = await api.gridEnroll({
        acceptTerms: true,
        termsVersion: before.termsVersion,
        contactEmail: (ctx.values.email as string | undefined) ?? null,
        benchmarkId,
      });
      return print(ctx, after);
    });
  },
};

/** Runs the benchmark through the host (as the Hardware page does) and returns the id of its result. */
async function runBenchmark(ctx: CliContext, api: GridhostApi): Promise<string> {
  ctx.err('Running the benchmark (a few minutes)...\n');
  const result = await runBenchmarkThroughApi(api, undefined, (p) => ctx.err(`  ${Math.round(p.percent)}% ${p.step}\n`));
  if (result.outcome !== 'completed' && result.outcome !== 'partial') {
    throw new ApiError('benchmark_failed', `The benchmark ${result.outcome}; see the Hardware page for why, then try again.`);
  }
  return result.id;
}

function print(ctx: CliContext, snapshot: GridSnapshot): number {
  if (ctx.values.json) {
    ctx.out(`${JSON.stringify(snapshot, null, 2)}\n`);
    return 0;
  }
  const e = snapshot.enrollment;
  ctx.out(`Grid: ${snapshot.gridUrl}\n`);
  if (!e) ctx.out('Status: unknown (the grid has not answered yet).\n');
  else if (e.status === 'unenrolled') ctx.out('Status: not enrolled. Run `gridhost enroll --accept-terms` to enroll.\n');
  else if (e.status === 'onboarded') ctx.out(`Status: onboarded in market ${e.market ?? '?'}. Start sharing to join its queue.\n`);
  else ctx.out(`Status: ${e.status}${e.market ? ` (market ${e.market})` : ''}.\n${e.reason ? `Reason: ${e.reason}\n` : ''}`);
  if (snapshot.queue?.queued) ctx.out(`Queue: position ${snapshot.queue.position ?? '?'} of ${snapshot.queue.queueLength}.\n`);
  if (snapshot.problem) ctx.out(`Problem: ${snapshot.problem}\n`);
  return 0;
}
