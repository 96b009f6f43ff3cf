import { readFile } from 'node:fs/promises';
import { capacityProblems } from '../../core/jobs/capacity-check';
import { validateJobDefinition, type JobProblem } from '../../core/jobs/job-policy';
import { UsageError, withHost, type CliCommand } from '../command';

/**
 * `gridhost job validate FILE`: whether this host would run a job definition (Nosana's v0.1 dialect and
 * GridHost's policy, the code the host runs on every assigned job), every problem with its JSON path.
 * `--for-this-machine` adds what this machine's GPUs cannot give (a GPU, the VRAM). Exit 0 when it would run,
 * 1 when refused, 2 when the file cannot be read or is not JSON.
 */
export const jobValidateCommand: CliCommand = {
  name: 'job validate',
  summary: 'Check a Nosana job definition: would this host run it? (every problem with its JSON path)',
  usage: 'gridhost job validate FILE [--json] [--for-this-machine]',
  options: { json: { type: 'boolean', default: false }, 'for-this-machine': { type: 'boolean', default: false } },
  allowPositionals: true,
  async run(ctx) {
    const [file, ...extra] = ctx.positionals;
    if (!file || extra.length > 0) throw new UsageError('Give the path of one job definition (a .json file).');
    let input: unknown;
    try {
      input = JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (err) {
      const why = err instanceof SyntaxError ? `is not JSON (${err.message})` : `cannot be read (${(err as Error).message})`;
      ctx.err(`${file} ${why}; a job definition is one JSON object in a file.\n`);
      return 2;
    }
    const result = validateJobDefinition(input);
    const problems: JobProblem[] = result.ok ? [] : [...result.problems];
    if (result.ok && ctx.values['for-this-machine']) {
      // The host's own detection (a running host's, over its control channel, or a detection now).
      await withHost(ctx, async (host) => {
        const report = await host.api.gpuDetect();
        problems.push(...capacityProblems(result.definition, report.gpus.filter((g) => g.supported).map((g) => g.vramMiB)));
        return 0;
      });
    }
    const ok = problems.length === 0;
    if (ctx.values.json) {
      ctx.out(`${JSON.stringify({ ok, problems }, null, 2)}\n`);
    } else if (ok && result.ok) {
      const ops = result.definition.ops.map((op) => `${op.id} (${op.type})`).join(', ');
      ctx.out(`${file}: this host would run it. Ops: ${ops}.\n`);
    } else {
      ctx.out(`${file}: refused (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p.path && !p.message.startsWith(p.path) ? `${p.path}: ` : ''}${p.message}\n`).join('')}`);
    }
    return ok ? 0 : 1;
  },
};
