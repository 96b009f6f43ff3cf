import { useEffect, useId, useState } from 'react';
import type { GridSnapshot } from '../../../shared/contract/grid';
import { hrefFor } from '../app/router';
import { Button } from '../components/button';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { StatusPill, type Tone } from '../components/status-pill';
import { gpuActions, useBenchmarkHistory, useBenchmarkProgress, useBenchmarkRunningId } from '../stores/gpu-store';
import { gridActions, useGridBusy, useGridError, useGridSnapshot } from '../stores/grid-store';

const STATUS: Record<string, { label: string; tone: Tone }> = {
  unenrolled: { label: 'Not enrolled', tone: 'muted' },
  waitlisted: { label: 'Waitlisted', tone: 'warn' },
  onboarded: { label: 'Onboarded', tone: 'ok' },
  rejected: { label: 'Rejected', tone: 'fail' },
};

/** Enrollment in the test grid: a wizard (terms, contact, benchmark, submit), then the status and queue. */
export function TestGridPage() {
  const snapshot = useGridSnapshot();
  const error = useGridError();
  useEffect(() => void gridActions.load(), []);

  if (!snapshot) {
    return (
      <Page title="Test Grid">
        {error ? <Notice tone="fail" title="Could not read the grid status">{error}</Notice> : <p className="muted">Asking the grid…</p>}
      </Page>
    );
  }
  const status = snapshot.enrollment?.status;
  return (
    <Page title="Test Grid" intro={<>This machine talks to the grid at <span className="mono">{snapshot.gridUrl}</span> (<a href="#/settings">Settings: grid address</a>).</>}>
      {error ? <Notice tone="fail" title="That did not work">{error}</Notice> : null}
      {snapshot.problem ? <Notice tone="warn" title="The grid is not answering">{snapshot.problem}</Notice> : null}
      <StatusCard snapshot={snapshot} />
      {status === 'unenrolled' || status === 'rejected' || status === 'waitlisted' || status === undefined ? <EnrollWizard snapshot={snapshot} /> : null}
    </Page>
  );
}

function StatusCard({ snapshot }: { snapshot: GridSnapshot }) {
  const busy = useGridBusy();
  const e = snapshot.enrollment;
  const shown = e ? STATUS[e.status] : { label: 'Unknown', tone: 'muted' as Tone };
  return (
    <Card title="Status" labelledBy="grid-status">
      <p className="headline">
        <StatusPill tone={shown?.tone ?? 'muted'}>
          <span data-testid="enrollment-status">{shown?.label}</span>
        </StatusPill>{' '}
        {e?.status === 'onboarded' ? `in market ${e.market ?? '?'}` : null}
      </p>
      {e?.status === 'unenrolled' ? <p>Enroll below to be placed in a market and start earning.</p> : null}
      {e?.status === 'waitlisted' ? <p data-testid="enrollment-reason">{e.reason ?? 'The grid reviews new machines before they take jobs.'}</p> : null}
      {e?.status === 'rejected' ? (
        <p data-testid="enrollment-reason">
          {e.reason ?? 'The grid did not accept this machine.'} Fix what it says, run the benchmark again, and enroll again below to ask
          for another review.
        </p>
      ) : null}
      {e?.status === 'onboarded' ? <QueueLine snapshot={snapshot} /> : null}
      <div className="actions">
        <Button onClick={() => void gridActions.refresh()} disabled={busy}>
          Check status again
        </Button>
        {e?.status === 'onboarded' && !snapshot.queue?.queued && !snapshot.job ? (
          <Button variant="primary" onClick={() => void gridActions.startSharing()} disabled={busy}>
            Start sharing
          </Button>
        ) : null}
        {snapshot.queue?.queued || snapshot.job ? (
          <Button onClick={() => void gridActions.pauseSharing()} disabled={busy}>
            Pause sharing
          </Button>
        ) : null}
      </div>
    </Card>
  );
}

function QueueLine({ snapshot }: { snapshot: GridSnapshot }) {
  if (snapshot.job) {
    return (
      <p>
        Running job <span className="mono">{snapshot.job.jobId}</span>; see <a href={hrefFor('jobs')}>Jobs</a>.
      </p>
    );
  }
  if (snapshot.queue?.queued) {
    return (
      <p data-testid="queue-position">
        In the queue: position {snapshot.queue.position ?? '?'} of {snapshot.queue.queueLength}. A job starts as soon as the grid has one for this market.
      </p>
    );
  }
  return <p>Not in the queue. Start sharing to take jobs; you can pause at any time.</p>;
}

type Step = 'terms' | 'contact' | 'benchmark';

function EnrollWizard({ snapshot }: { snapshot: GridSnapshot }) {
  const busy = useGridBusy();
  const [step, setStep] = useState<Step>('terms');
  const [accepted, setAccepted] = useState(false);
  const [email, setEmail] = useState('');
  const ids = { terms: useId(), email: useId(), emailHelp: useId() };
  const emailValid = email === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

  return (
    <Card title={`Enroll: step ${step === 'terms' ? 1 : step === 'contact' ? 2 : 3} of 3`} labelledBy="enroll-wizard">
      {step === 'terms' ? (
        <>
          <ul>
            {snapshot.terms.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>
            <input id={ids.terms} type="checkbox" checked={accepted} onChange={(e) => setAccepted(e.target.checked)} />{' '}
            <label htmlFor={ids.terms}>I accept the test-grid terms (version {snapshot.termsVersion})</label>
          </p>
          <div className="actions">
            <Button variant="primary" disabled={!accepted} onClick={() => setStep('contact')}>
              Next
            </Button>
          </div>
        </>
      ) : null}
      {step === 'contact' ? (
        <>
          <p>
            <label htmlFor={ids.email}>Email for the grid operators (optional)</label>
            <br />
            <input
              id={ids.email}
              type="email"
              value={email}
              aria-describedby={ids.emailHelp}
              aria-invalid={!emailValid}
              onChange={(e) => setEmail(e.target.value.trim())}
            />
          </p>
          <p id={ids.emailHelp} className="muted">
            {emailValid ? 'Used only to reach you about this machine. Leave it empty to stay anonymous.' : 'That is not an email address; correct it or leave the field empty.'}
          </p>
          <div className="actions">
            <Button onClick={() => setStep('terms')}>Back</Button>
            <Button variant="primary" disabled={!emailValid} onClick={() => setStep('benchmark')}>
              Next
            </Button>
          </div>
        </>
      ) : null}
      {step === 'benchmark' ? (
        <BenchmarkStep
          busy={busy}
          onBack={() => setStep('contact')}
          onSubmit={(benchmarkId) =>
            void gridActions.enroll({ acceptTerms: true, termsVersion: snapshot.termsVersion, contactEmail: email || null, benchmarkId })
          }
        />
      ) : null}
    </Card>
  );
}

/** Step 3: reuse a finished benchmark or run one now, then submit its results signed by the node key. */
function BenchmarkStep({ busy, onBack, onSubmit }: { busy: boolean; onBack: () => void; onSubmit: (benchmarkId: string) => void }) {
  const history = useBenchmarkHistory();
  const runningId = useBenchmarkRunningId();
  const progress = useBenchmarkProgress();
  const finished = history.filter((b) => b.outcome === 'completed' || b.outcome === 'partial');
  const newest = finished[0] ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => void gpuActions.load(), []);
  const selected = finished.find((b) => b.id === chosen) ?? newest;

  return (
    <>
      <p>
        The grid places this machine in the market for its GPU from its benchmark (system, network and GPU). GridHost sends the
        results signed with this machine&apos;s node key.
      </p>
      {runningId ? (
        <p role="status" data-testid="benchmark-progress">
          Running the benchmark: {progress ? `${Math.round(progress.percent)}% (${progress.step})` : 'starting'}…
        </p>
      ) : finished.length > 0 ? (
        <fieldset>
          <legend>Benchmark to submit</legend>
          {finished.slice(0, 5).map((b) => (
            <p key={b.id}>
              <input
                type="radio"
                name="benchmark"
                id={`benchmark-${b.id}`}
                checked={selected?.id === b.id}
                onChange={() => setChosen(b.id)}
              />{' '}
              <label htmlFor={`benchmark-${b.id}`}>
                {new Date(b.finishedAt).toLocaleString()} ({b.outcome === 'completed' ? 'complete' : 'partial: ' + b.errors.map((e) => e.message).join(' ')})
              </label>
            </p>
          ))}
        </fieldset>
      ) : (
        <p className="muted">There is no finished benchmark yet. Run it now (a few minutes), or on the Hardware page.</p>
      )}
      <div className="actions">
        <Button onClick={onBack}>Back</Button>
        <Button onClick={() => void gpuActions.startBenchmark()} disabled={runningId !== null}>
          {finished.length > 0 ? 'Run a new benchmark' : 'Run the benchmark now'}
        </Button>
        <Button variant="primary" disabled={busy || !selected || runningId !== null} onClick={() => selected && onSubmit(selected.id)}>
          {busy ? 'Submitting…' : 'Submit signed results'}
        </Button>
      </div>
    </>
  );
}
