import type { DetectedGpu } from '../../../../shared/contract/gpu';
import { StatusPill } from '../status-pill';

const known = (value: number | null, unit: string) => (value === null ? 'unknown' : `${value} ${unit}`);

/** One GPU: what nvidia-smi reports beside what the catalogue says the model should reach. */
export function GpuFigures({ gpu }: { gpu: DetectedGpu }) {
  const e = gpu.expected;
  const p = gpu.pcie;
  // An idle GPU lowers its clocks on purpose: that is no limit worth showing.
  const limits = (gpu.throttleReasons ?? []).filter((r) => r !== 'gpu_idle');
  return (
    <div className="gpu" data-testid={`gpu-${gpu.index}`}>
      <h3>
        #{gpu.index} {gpu.name}{' '}
        {gpu.supported ? <StatusPill tone="ok">{gpu.market}</StatusPill> : <StatusPill tone="fail">Not supported</StatusPill>}
        {gpu.laptop ? <> <StatusPill tone="info">Laptop GPU</StatusPill></> : null}
      </h3>
      {gpu.reason ? <p>{gpu.reason}</p> : null}
      <table className="data">
        <caption className="visually-hidden">Figures of GPU {gpu.index}</caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">This GPU</th>
            <th scope="col">Model should reach</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Memory</th>
            <td>{(gpu.vramMiB / 1024).toFixed(1)} GiB</td>
            <td>{e ? `${e.vramGiB} GiB, ${e.memoryBandwidthGBs} GB/s` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Compute</th>
            <td>{gpu.computeCapability ?? 'unknown'}</td>
            <td>{e ? `${e.fp16TensorTflops} FP16 tensor / ${e.fp32Tflops} FP32 TFLOPS` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">Power</th>
            <td>
              {known(gpu.powerDrawW, 'W')} of {known(gpu.powerLimitW, 'W')} limit
            </td>
            <td>{e ? `${e.boardPowerW} W board power${gpu.laptop ? ' (top of the laptop range)' : ''}` : '—'}</td>
          </tr>
          <tr>
            <th scope="row">PCIe link</th>
            <td>
              gen {p.generationCurrent ?? '?'} x{p.widthCurrent ?? '?'} (max gen {p.generationMax ?? '?'} x{p.widthMax ?? '?'})
            </td>
            <td>an idle GPU lowers its link on purpose</td>
          </tr>
          <tr>
            <th scope="row">LLM generation</th>
            <td>—</td>
            <td>{e ? `${e.llm.generationTokensPerSecond} tokens/s (${e.llm.basis})` : '—'}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">
        Driver {gpu.driverVersion}, CUDA {gpu.cudaVersion ?? 'unknown'}; {known(gpu.temperatureC, '°C')}, {known(gpu.utilizationPercent, '%')} busy
        {limits.length > 0 ? `; clocks limited by ${limits.join(', ').replace(/_/g, ' ')}` : ''}.
      </p>
    </div>
  );
}
