import { useEffect } from 'react';
import { gpuLiveActions, useGpuLive, useGpuLiveError } from '../stores/gpu-live-store';
import { Card } from './card';
import './sharing/sharing.css';

const figure = (value: number | null, unit: string, digits = 0) => (value === null ? '—' : `${value.toFixed(digits)} ${unit}`);

/** The GPU now: temperature, power, utilisation and VRAM in use, sampled about once a second while shown. */
export function GpuLiveCard() {
  const live = useGpuLive();
  const error = useGpuLiveError();
  useEffect(() => gpuLiveActions.watch(), []);
  const problem = error ?? live?.problem ?? null;
  return (
    <Card title="GPU now" labelledBy="gpu-live-title">
      {problem ? <p className="muted">{problem}</p> : null}
      {!live && !problem ? <p className="muted">Reading the GPU…</p> : null}
      {live?.gpus.map((gpu) => (
        <dl key={gpu.index} className="gpu-live" data-testid="gpu-live">
          <div>
            <dt>{gpu.name}</dt>
            <dd className="muted">GPU {gpu.index}</dd>
          </div>
          <div>
            <dt>Temperature</dt>
            <dd>{figure(gpu.temperatureC, '°C')}</dd>
          </div>
          <div>
            <dt>Power</dt>
            <dd>{figure(gpu.powerDrawW, 'W', 1)}</dd>
          </div>
          <div>
            <dt>Utilisation</dt>
            <dd>{figure(gpu.utilizationPercent, '%')}</dd>
          </div>
          <div>
            <dt>VRAM in use</dt>
            <dd>
              {figure(gpu.memoryUsedMiB, 'MiB')}
              {gpu.memoryTotalMiB !== null ? ` of ${gpu.memoryTotalMiB} MiB` : ''}
            </dd>
          </div>
        </dl>
      ))}
    </Card>
  );
}
