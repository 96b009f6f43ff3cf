import { useEffect } from 'react';
import '../components/hardware/hardware.css';
import { Card } from '../components/card';
import { BenchmarkPanel } from '../components/hardware/benchmark-panel';
import { GpuFigures } from '../components/hardware/gpu-figures';
import { ReadinessChecklist } from '../components/hardware/readiness-checklist';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import {
  gpuActions,
  useBenchmarkHistory,
  useBenchmarkProgress,
  useBenchmarkRunningId,
  useGpuDetecting,
  useGpuError,
  useGpuReport,
} from '../stores/gpu-store';

/** GPUs with their figures against the expected ones, the readiness checklist with fixes, and the benchmark. */
export function HardwarePage() {
  const report = useGpuReport();
  const detecting = useGpuDetecting();
  const error = useGpuError();
  const runningId = useBenchmarkRunningId();
  const progress = useBenchmarkProgress();
  const history = useBenchmarkHistory();
  useEffect(() => void gpuActions.load(), []);

  return (
    <Page title="Hardware" intro="What this machine has, whether it is ready to host, and how fast it really is.">
      {error ? <Notice tone="fail" title="Something went wrong">{error}</Notice> : null}
      {report ? (
        <Notice tone={report.eligible ? 'info' : 'warn'} title={report.eligible ? 'This machine can host.' : 'Setup needed before this machine can host.'}>
          {report.eligible ? null : <p>Fix each item marked "Needs fixing" below, then press Check again.</p>}
        </Notice>
      ) : null}
      <Card title="Readiness checklist" labelledBy="readiness">
        {report ? (
          <ReadinessChecklist checks={report.checks} detecting={detecting} onCheckAgain={() => void gpuActions.detect()} />
        ) : (
          <p className="muted">{detecting ? 'Checking this machine…' : 'The checks appear here once the machine has been checked.'}</p>
        )}
      </Card>
      <Card title="GPUs" labelledBy="gpus">
        {!report ? (
          <p className="muted">Detecting…</p>
        ) : report.gpus.length === 0 ? (
          <p className="empty">No NVIDIA GPU was found. The NVIDIA driver check above says why and what to do.</p>
        ) : (
          report.gpus.map((gpu) => <GpuFigures key={gpu.uuid} gpu={gpu} />)
        )}
      </Card>
      <Card title="Benchmark" labelledBy="benchmark">
        <BenchmarkPanel
          runningId={runningId}
          progress={progress}
          history={history}
          onStart={() => void gpuActions.startBenchmark()}
          onCancel={() => void gpuActions.cancelBenchmark()}
        />
      </Card>
    </Page>
  );
}
