import { parseArgs } from 'node:util';
import { Coordinator } from './coordinator';
import { openGridDatabase } from './grid-database';
import { DEFAULT_VERIFICATION_JOB } from './gpu-verification';
import { GridHttpError } from './grid-http-error';
import { JobRefusedError, postCheckedJob, readJobFile } from './job-acceptance';
import { publicOriginOf, startLocalGrid } from './local-grid';
import { CPU_DEV_MARKET } from './market-config';
import { DEFAULT_SAMPLE_IMAGE, SAMPLE_JOBS, isSampleKind } from './sample-job';
import { postJobWithServiceToken } from './service-tokens';

const USAGE = `The GridHost local grid: the reference grid coordinator, for development and demos.

  npm run grid -- [--port 7070] [--public-origin URL] [--db local-grid.sqlite] [--no-auto-approve] [--no-cpu-dev]
                  [--feed-every 5] [--price MICRO_NOS_PER_SECOND] [--timeout SECONDS]
                  [--image IMAGE] [--job-seconds 20] [--no-feed] [--verify-image IMAGE]
  npm run grid -- approve <address> [--market SLUG] [--db FILE]
  npm run grid -- reject <address> --reason "why" [--db FILE]
  npm run grid -- settle [--db FILE]          settle every pending earning now
  npm run grid -- post-job --market SLUG [--file FILE | --kind timed|batch|service [--image IMAGE] [--job-seconds N]] [--db FILE]
                   (--file: a Nosana v0.1 job definition, checked as hosts check it; refused with its problems)
                   prints the job and its service address and token (docs/grid-protocol.md, "Service relay")

  --public-origin  the address hosts use to reach this grid when it is behind a proxy (e.g.
                   https://grid.example.com); requests must be signed for it. Default http://127.0.0.1:PORT.
  --verify-image   the benchmark image sent to a node as its GPU verification job before it is onboarded in
                   a GPU market. Default ${DEFAULT_VERIFICATION_JOB.image}.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', default: '7070' },
      'public-origin': { type: 'string' },
      db: { type: 'string', default: 'local-grid.sqlite' },
      'no-auto-approve': { type: 'boolean', default: false },
      'no-cpu-dev': { type: 'boolean', default: false },
      'no-feed': { type: 'boolean', default: false },
      'feed-every': { type: 'string', default: '5' },
      price: { type: 'string' },
      timeout: { type: 'string' },
      image: { type: 'string', default: DEFAULT_SAMPLE_IMAGE },
      'verify-image': { type: 'string', default: DEFAULT_VERIFICATION_JOB.image },
      'job-seconds': { type: 'string', default: '20' },
      market: { type: 'string' },
      file: { type: 'string' },
      kind: { type: 'string', default: 'timed' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, address] = positionals;
  const int = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, got "${text}".`);
    return n;
  };

  if (command === undefined) {
    const publicOrigin = values['public-origin'];
    if (publicOrigin !== undefined) {
      try {
        publicOriginOf(publicOrigin);
      } catch (err) {
        throw new UsageError(`--public-origin: ${(err as Error).message}`);
      }
    }
    const grid = await startLocalGrid({
      port: int('port', values.port) ?? 7070,
      publicOrigin,
      dbPath: values.db,
      autoApprove: !values['no-auto-approve'],
      cpuDev: !values['no-cpu-dev'],
      verification: { image: values['verify-image'] },
      feeder: values['no-feed']
        ? false
        : {
            intervalMs: (int('feed-every', values['feed-every']) ?? 5) * 1000,
            pricePerSecond: int('price', values.price),
            timeoutSeconds: int('timeout', values.timeout),
            image: values.image,
            durationSeconds: int('job-seconds', values['job-seconds']) ?? 20,
            kinds: ['timed', 'batch', 'service'],
          },
    });
    process.stdout.write(`local grid listening on ${grid.url} (state in ${values.db})\n`);
    const stop = (): void => {
      void grid.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => undefined);
  }

  // Operator commands work on the state file directly, with or without a running grid.
  const db = openGridDatabase(values.db);
  const coordinator = new Coordinator(db, {
    now: Date.now,
    review: { autoApprove: false, cpuMarket: CPU_DEV_MARKET },
    heartbeatTimeoutMs: 120_000,
    queueStaleMs: 90_000,
    settleAfterMs: 0,
    verification: DEFAULT_VERIFICATION_JOB,
  });
  const inTransaction = <T>(fn: () => T): T => db.transaction(fn)();
  try {
    switch (command) {
      case 'approve': {
        if (!address) throw new UsageError('approve needs the node address.');
        print(inTransaction(() => coordinator.approve(address, values.market)));
        return 0;
      }
      case 'reject': {
        if (!address || !values.reason) throw new UsageError('reject needs the node address and --reason "why".');
        const reason = values.reason;
        print(inTransaction(() => coordinator.reject(address, reason)));
        return 0;
      }
      case 'settle':
        print({ settled: inTransaction(() => coordinator.settle(true)) });
        return 0;
      case 'post-job': {
        if (!values.market) throw new UsageError('post-job needs --market SLUG.');
        const market = values.market;
        const kind = values.kind;
        if (!values.file && !isSampleKind(kind)) throw new UsageError(`--kind must be timed, batch or service, not "${kind}".`);
        const definition = values.file
          ? await readJobFile(values.file).catch((err: unknown) => {
              throw new UsageError((err as Error).message);
            })
          : SAMPLE_JOBS[kind as keyof typeof SAMPLE_JOBS]({ image: values.image, durationSeconds: int('job-seconds', values['job-seconds']) ?? 20, gpu: market !== CPU_DEV_MARKET });
        const input = { market, definition, pricePerSecond: int('price', values.price), timeoutSeconds: int('timeout', values.timeout) };
        let posted: ReturnType<typeof postJobWithServiceToken> | null = null;
        inTransaction(() => postCheckedJob((checked) => (posted = postJobWithServiceToken(coordinator, db, { ...input, ...checked })).job, input));
        print(posted);
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } finally {
    db.close();
  }
}

class UsageError extends Error {}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof JobRefusedError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof UsageError || err instanceof GridHttpError) {
      process.stderr.write(`${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
