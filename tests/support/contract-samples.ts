import type { EarningsReport } from '../../src/shared/contract/earnings';
import type { EventData, EventName, ParamsIn, RequestName, Result } from '../../src/shared/contract';
import { defaultSettings } from '../../src/shared/settings';
import type { HostStatus } from '../../src/shared/host-state';
import type { EarningsSnapshot, GridSnapshot, JobRecord, JobsSnapshot } from '../../src/shared/contract/grid';
import type { LogLine, SupportReport } from '../../src/shared/contract/logs';
import { containersEventSamples, containersRequestSamples } from './containers/containers-contract-samples';
import { gpuEventSamples, gpuRequestSamples } from './gpu/gpu-contract-samples';

/**
 * A valid example of every request (params and result) and every event of the contract. The types make a
 * missing entry a compile error; the round-trip tests send each one through IPC, the WebSocket bridge and
 * the renderer client.
 */
const status: HostStatus = {
  state: 'running',
  since: '2026-11-25T10:00:00.000Z',
  reason: null,
  retryAt: null,
  market: 'nvidia-3060',
  job: { id: 'job-1', market: 'nvidia-3060', startedAt: '2026-11-25T10:00:00.000Z' },
};

const gridSample: GridSnapshot = {
  gridUrl: 'http://127.0.0.1:7070',
  termsVersion: '2026-01',
  terms: ['Test-grid terms, version 2026-01.'],
  enrollment: { status: 'onboarded', market: 'nvidia-3060', reason: null, enrolledAt: '2026-11-25T09:00:00.000Z', reviewedAt: '2026-11-25T09:00:00.000Z' },
  queue: null,
  job: { jobId: 'job-1', runId: 'run-1', market: 'nvidia-3060', startedAt: '2026-11-25T10:00:00.000Z', pricePerSecond: '51', timeoutSeconds: 3600 },
  problem: null,
};
const jobSample: JobRecord = {
  runId: 'run-0',
  jobId: 'job-0',
  market: 'nvidia-3060',
  outcome: 'finished',
  startedAt: '2026-11-25T09:30:00.000Z',
  endedAt: '2026-11-25T09:32:14.000Z',
  secondsRun: 134,
  secondsPaid: 134,
  pricePerSecond: '51',
  gross: '6834',
  status: 'pending',
  settledAt: null,
  exitCode: 0,
  note: null,
};
const jobsSample: JobsSnapshot = { current: gridSample.job, history: [jobSample], nextBefore: '1764064800000:run-1' };
const figuresSample = { jobs: 2, gross: '6834', energyWh: 4.2, electricityCost: 1, net: null, grossFiat: null };
const reportSample: EarningsReport = {
  generatedAt: '2026-11-25T10:00:00.000Z',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  electricityPricePerKwh: 0.3,
  machineWatts: 150,
  nosPrice: null,
  totals: { today: figuresSample, last7Days: figuresSample, last30Days: figuresSample },
  series: { day: [{ start: '2026-11-25', ...figuresSample }], week: [{ start: '2026-11-24', ...figuresSample }], month: [{ start: '2026-11-01', ...figuresSample }] },
  projection: { market: 'cpu-dev', availability: 0.5, perDay: '86400', perMonth: '2592000', assumption: 'Assumes the coming days look like the recent past.' },
  projectionProblem: null,
};
const earningsSample: EarningsSnapshot = { entries: [jobSample], nextBefore: null, totals: { pending: '6834', settled: '0' }, problem: null };

const logLineSample: LogLine = { t: '2026-11-25T10:00:05.000Z', level: 'warn', msg: 'heartbeat slow', component: 'grid', ms: 900 };
const supportReportSample: SupportReport = {
  manifest: {
    format: 'gridhost-support-bundle',
    formatVersion: 1,
    createdAt: '2026-11-25T10:00:00.000Z',
    app: { name: 'GridHost', version: '0.1.0', mode: 'desktop' },
    system: { platform: 'linux' },
    gpu: null,
    docker: null,
    settings: defaultSettings(),
    timeRange: { from: '2026-11-25T09:00:00.000Z', to: '2026-11-25T10:00:00.000Z' },
    files: [{ name: 'logs/gridhost.log', bytes: 52_000, sourceBytes: 52_010 }],
    notes: [{ item: 'gpu', reason: 'GPU and driver: not available in this build of GridHost' }],
  },
  machine: { gpu: 'NVIDIA GeForce RTX 3060', driver: '550.54.14', docker: 'Docker Engine - Community 27.1.1', enrollment: 'onboarded', market: 'nvidia-3060' },
  problems: [],
  notes: [{ item: 'gpu', reason: 'GPU and driver: not available in this build of GridHost' }],
  checks: [{ id: 'docker', title: 'Docker is running', status: 'fail', detail: 'The engine does not answer', fix: 'Start Docker' }],
  errorGroups: [{ kind: 'grid: heartbeat failed (ETIMEDOUT)', level: 'error', count: 3, firstAt: '2026-11-25T09:10:00.000Z', lastAt: '2026-11-25T09:20:00.000Z', example: logLineSample }],
  timeline: [{ t: '2026-11-25T09:00:00.000Z', from: 'starting', to: 'preflight', reason: null }],
  failedJob: { job: { id: 'job-0', outcome: 'failed', reason: 'The job exited with code 3.' }, jobId: 'job-0', reason: 'The job exited with code 3.', lines: [], outputTail: ['step 1'] },
  lines: { total: 1000, unreadable: 0 },
};

const sharingSample = {
  mode: 'auto' as const,
  sharing: false,
  reason: 'Paused: game.exe is using the GPU',
  lastRelease: { ms: 640, at: '2026-11-25T10:00:00.000Z', cause: 'game.exe is using the GPU' },
  signals: [
    { name: 'gpu-processes:nvidia-smi', available: true, value: 'game.exe' },
    { name: 'idle:logind', available: false, why: 'no system D-Bus' },
  ],
  recentPauses: [{ ms: 640, at: '2026-11-25T10:00:00.000Z', cause: 'game.exe is using the GPU' }],
};

export const requestSamples: { [M in RequestName]: { params: ParamsIn<M>; result: Result<M> } } = {
  'app.info': {
    params: {},
    result: { name: 'GridHost', version: '0.1.0', mode: 'headless', platform: 'linux', arch: 'x64', nodeVersion: '20.0.0', dataDir: '/tmp/x', notices: [] },
  },
  'host.status': { params: {}, result: status },
  ...gpuRequestSamples,
  ...containersRequestSamples,
  'host.preflight': { params: {}, result: { ...status, state: 'unenrolled', job: null } },
  'grid.snapshot': { params: {}, result: gridSample },
  'grid.refresh': { params: {}, result: gridSample },
  'grid.enroll': { params: { acceptTerms: true, termsVersion: '2026-01', contactEmail: 'owner@example.com', benchmarkId: 'bench-1' }, result: gridSample },
  'grid.sharing.start': { params: {}, result: gridSample },
  'grid.sharing.pause': { params: {}, result: { ...gridSample, job: null } },
  'jobs.list': { params: { limit: 50, before: '1764064800000:run-1' }, result: jobsSample },
  'earnings.list': { params: {}, result: earningsSample },
  'earnings.report': { params: {}, result: reportSample },
  'earnings.payouts': { params: {}, result: { payouts: [{ reference: 'pay-m3x1k2a0-Qa9fQa', settledAt: '2026-11-25T10:00:00.000Z', amount: '2500000', runs: 3 }], problem: null } },
  'earnings.export': { params: {}, result: { filename: 'gridhost-earnings-2026-11-25.csv', csv: 'run_id\r\n', rows: 0 } },
  'explorer.snapshot': {
    params: {},
    result: {
      generatedAt: '2026-11-25T10:00:00.000Z',
      myMarket: 'cpu-dev',
      markets: [{ slug: 'cpu-dev', name: 'CPU (dev)', pricePerSecond: '100', jobTimeoutSeconds: 600, nodesOnboarded: 2, nodesQueued: 1, jobsRunning: 1, jobsLast24h: 40, medianDurationSeconds: 62 }],
      jobs: [{ runId: 'run-1', market: 'cpu-dev', node: '7EcD…FLtV', pricePerSecond: '100', startedAt: '2026-11-25T09:58:00.000Z', endedAt: null, durationSeconds: 120, outcome: 'running' }],
      problem: null,
    },
  },
  'settings.get': { params: {}, result: defaultSettings() },
  'sharing.status': { params: {}, result: sharingSample },
  'gpu.live': {
    params: {},
    result: {
      at: '2026-11-25T10:00:00.000Z',
      gpus: [{ index: 0, name: 'NVIDIA GeForce RTX 3060', temperatureC: 61, powerDrawW: 142.5, utilizationPercent: 97, memoryUsedMiB: 10_240, memoryTotalMiB: 12_288 }],
      problem: null,
    },
  },
  'sharing.mode.set': { params: { mode: 'auto' }, result: { ...sharingSample, mode: 'auto' } },
  'settings.update': { params: { containers: { stopGraceSeconds: 5 } }, result: { ...defaultSettings(), containers: { ...defaultSettings().containers, stopGraceSeconds: 5 } } },
  'wallet.status': {
    params: {},
    result: {
      address: '7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV',
      cluster: 'devnet',
      endpoint: 'https://api.devnet.solana.com',
      sol: { ok: true, value: '2039280' },
      nos: { ok: false, message: 'balance unavailable from https://api.devnet.solana.com' },
      nosMint: 'devr1BGQndEW5k5zfvG5FsLyZv1Ap73vNgAHcQ9sUVP',
      payoutAddress: null,
      payoutProblem: null,
      earnings: { ok: true, value: { pending: '6100', settled: '2500000' } },
      keyProtection: 'a passphrase',
    },
  },
  'wallet.payout.set': {
    params: { address: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7' },
    result: { payoutAddress: 'nosXBVoaCTtYdLvKY6Csb4AC8JCdQKKAaWYtx2ZMoo7' },
  },
  'wallet.signMessage': {
    params: { message: 'aGVsbG8=' },
    result: { signature: '5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW', signedMessage: '/3NvbGFuYSBvZmZjaGFpbgAABQBoZWxsbw==' },
  },
  'logs.recent': {
    params: { level: 'warn', search: 'heartbeat', limit: 50 },
    result: { lines: [logLineSample], more: false },
  },
  'logs.report': { params: { level: 'error', message: 'TypeError: x is undefined', stack: 'at OverviewPage', source: 'overview' }, result: { logged: true } },
  'logs.bundle.preview': {
    params: {},
    result: {
      entries: [
        { name: 'manifest.json', kind: 'manifest', bytes: 1200 },
        { name: 'logs/gridhost.log', kind: 'log', bytes: 52_000 },
      ],
      notes: [{ item: 'gpu', reason: 'GPU and driver: not available in this build of GridHost' }],
      totalBytes: 53_200,
    },
  },
  'logs.bundle.export': {
    params: {},
    result: { path: '/tmp/x/support/gridhost-support-20261125-100000.zip', zipBytes: 9000, files: 2, notes: [] },
  },
  'logs.bundle.pick': { params: {}, result: { handle: 'q3Zr1cXbO0m2Yx7DkP4aLw', name: 'gridhost-support-20261125-100000.zip' } },
  'logs.bundle.inspect': { params: { path: '/tmp/x/support/gridhost-support-20261125-100000.zip' }, result: supportReportSample },
};

export const eventSamples: { [E in EventName]: EventData<E> } = {
  'host.state': status,
  ...gpuEventSamples,
  ...containersEventSamples,
  'grid.changed': gridSample,
  'jobs.changed': jobsSample,
  'jobs.resource.progress': { jobId: 'job-1', opId: 'llm', resource: 'HF acme/tiny@main', target: '/models/tiny', state: 'downloading', receivedBytes: 1024, totalBytes: 4096, message: null },
  'earnings.changed': earningsSample,
  'settings.changed': defaultSettings(),
  'sharing.changed': sharingSample,
  'logs.bundle.progress': { doneBytes: 1024, totalBytes: 4096 },
};
