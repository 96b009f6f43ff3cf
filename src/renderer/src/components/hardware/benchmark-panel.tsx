import type { BenchmarkProgress, BenchmarkResult, MeasuredFigure } from '../../../../shared/contract/gpu';
import { Button } from '../button';
import { StatusPill } from '../status-pill';

const fig = (f: MeasuredFigure, unit: string, digits = 1) => `${f.median.toFixed(digits)} ${unit} (±${(f.spreadPercent / 2).toFixed(1)} %, ${f.runs} runs)`;

/** The benchmark: start, progress with cancel, and past results beside what each GPU should reach. */
export function BenchmarkPanel({
  runningId,
  progress,
  history,
  onStart,
  onCancel,
}: {
  runningId: string | null;
  progress: BenchmarkProgress | null;
  history: BenchmarkResult[];
  onStart: () => void;
  onCancel: () => void;
}) {
  return (
    <>
      {runningId ? (
        <div data-testid="benchmark-progress">
          <label htmlFor="benchmark-progress-bar">
            {progress ? `${progress.part}: ${progress.step}` : 'Starting…'} ({progress?.percent ?? 0} %)
          </label>
          <progress id="benchmark-progress-bar" max={100} value={progress?.percent ?? 0} />
          <div className="actions">
            <Button onClick={onCancel}>Cancel benchmark</Button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <Button variant="primary" onClick={onStart}>
            Run benchmark
          </Button>
          <span className="muted">Takes a few minutes; the GPU part runs in a container and uses the GPU fully.</span>
        </div>
      )}
      {history.length === 0 ? (
        <p className="empty" data-testid="benchmark-empty">
          Benchmark results appear here after the first run: disk, memory and CPU speed, the network to the grid, and each GPU's
          measured TFLOPS and memory bandwidth beside what its model should reach.
        </p>
      ) : (
        <ol className="benchmark-history" data-testid="benchmark-history">
          {history.map((r) => (
            <li key={r.id}>
              <BenchmarkResultView result={r} />
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function BenchmarkResultView({ result: r }: { result: BenchmarkResult }) {
  return (
    <article aria-label={`Benchmark of ${new Date(r.finishedAt).toLocaleString()}`}>
      <h3>
        {new Date(r.finishedAt).toLocaleString()}{' '}
        <StatusPill tone={r.outcome === 'completed' ? 'ok' : r.outcome === 'partial' ? 'warn' : 'fail'}>{r.outcome}</StatusPill>
        {r.driverVersion ? <span className="muted"> driver {r.driverVersion}</span> : null}
      </h3>
      {r.gpus.map((g) => (
        <div key={`${g.index}-${g.uuid ?? ''}`}>
          <p>
            <strong>
              GPU #{g.index} {g.name}
            </strong>{' '}
            <StatusPill tone={g.verdict === 'as-expected' ? 'ok' : g.verdict === 'underperforming' ? 'warn' : 'muted'}>
              {g.verdict === 'as-expected' ? 'As expected' : g.verdict === 'underperforming' ? 'Underperforming' : 'No reference'}
            </StatusPill>
          </p>
          <table className="data">
            <caption className="visually-hidden">Measured against expected for GPU {g.index}</caption>
            <thead>
              <tr>
                <th scope="col">Test</th>
                <th scope="col">Measured</th>
                <th scope="col">Model should reach</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">FP16 tensor</th>
                <td>{fig(g.fp16TensorTflops, 'TFLOPS')}</td>
                <td>{g.expected ? `${g.expected.fp16TensorTflops} TFLOPS` : '—'}</td>
              </tr>
              <tr>
                <th scope="row">FP32</th>
                <td>{fig(g.fp32Tflops, 'TFLOPS')}</td>
                <td>{g.expected ? `${g.expected.fp32Tflops} TFLOPS` : '—'}</td>
              </tr>
              <tr>
                <th scope="row">Memory bandwidth</th>
                <td>{fig(g.memoryBandwidthGBs, 'GB/s', 0)}</td>
                <td>{g.expected ? `${g.expected.memoryBandwidthGBs} GB/s` : '—'}</td>
              </tr>
            </tbody>
          </table>
          <p>{g.summary}</p>
        </div>
      ))}
      {r.system ? (
        <p>
          Disk {fig(r.system.diskWriteMBps, 'MB/s', 0)} write, {fig(r.system.diskReadMBps, 'MB/s', 0)} read; memory {fig(r.system.memoryCopyGBps, 'GB/s')}; CPU{' '}
          {fig(r.system.cpuAllCoresMBps, 'MB/s', 0)} SHA-256 on all cores.
        </p>
      ) : null}
      {r.network ? (
        <p>
          Network to {r.network.gridUrl}: {fig(r.network.latencyMs, 'ms')} latency, {fig(r.network.downloadMbps, 'Mbit/s', 0)} down,{' '}
          {fig(r.network.uploadMbps, 'Mbit/s', 0)} up.
        </p>
      ) : null}
      {r.errors.map((e, i) => (
        <p key={`${e.part}-${i}`} role="note">
          <strong>{e.part}:</strong> {e.message}
        </p>
      ))}
    </article>
  );
}
