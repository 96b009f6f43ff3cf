import { useEffect } from 'react';
import type { SharingStatus } from '../../../shared/contract/sharing';
import { SHARING_MODES, type SharingMode } from '../../../shared/sharing-settings';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { RulesForm } from '../components/sharing/rules-form';
import '../components/sharing/sharing.css';
import { sharingActions, useSharingError, useSharingRules, useSharingSaving, useSharingStatus } from '../stores/sharing-store';

const MODES: Record<SharingMode, { label: string; hint: string }> = {
  auto: { label: 'Auto', hint: 'share only while you are away and every rule below allows it' },
  always: { label: 'Always', hint: 'share whatever the rules say (a dedicated rig)' },
  never: { label: 'Never', hint: 'do not share' },
};

function ModeCard({ status, saving }: { status: SharingStatus; saving: boolean }) {
  return (
    <Card title="Mode" labelledBy="sharing-mode-title">
      <fieldset className="sharing-fieldset" disabled={saving}>
        <legend className="visually-hidden">Sharing mode</legend>
        {SHARING_MODES.map((mode) => (
          <label key={mode} className="sharing-radio">
            <input type="radio" name="sharing-mode" value={mode} checked={status.mode === mode} onChange={() => void sharingActions.setMode(mode)} data-testid={`mode-${mode}`} />
            <span>
              <strong>{MODES[mode].label}</strong> <span className="muted">— {MODES[mode].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <p className={`sharing-reason ${status.sharing ? 'sharing-on' : 'sharing-off'}`} role="status" data-testid="sharing-reason">
        {status.reason}
      </p>
      {status.lastRelease ? (
        <p className="muted" data-testid="last-release">
          GPU released in {status.lastRelease.ms} ms: {status.lastRelease.cause}
        </p>
      ) : null}
    </Card>
  );
}

function SignalsCard({ signals }: { signals: SharingStatus['signals'] }) {
  const unavailable = signals.filter((s) => !s.available);
  return (
    <Card title="Signals" labelledBy="sharing-signals-title">
      {signals.length === 0 ? <p className="muted">Not read yet.</p> : null}
      <ul className="sharing-list">
        {signals.filter((s) => s.available).map((s) => (
          <li key={s.name}>
            <code>{s.name}</code>: {s.value}
          </li>
        ))}
      </ul>
      {unavailable.length > 0 ? (
        <>
          <p className="muted">Not available on this machine (they never hold sharing back):</p>
          <ul className="sharing-list" data-testid="unavailable-signals">
            {unavailable.map((s) => (
              <li key={s.name}>
                <code>{s.name}</code>: {s.why}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Card>
  );
}

function PausesCard({ pauses }: { pauses: SharingStatus['recentPauses'] }) {
  return (
    <Card title="Recent pauses" labelledBy="sharing-pauses-title">
      {pauses.length === 0 ? (
        <p className="muted">No pause yet. Each time GridHost gives the GPU back, it shows here how fast.</p>
      ) : (
        <table className="sharing-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Why</th>
              <th scope="col">GPU released in</th>
            </tr>
          </thead>
          <tbody>
            {pauses.map((p) => (
              <tr key={p.at}>
                <td>{new Date(p.at).toLocaleString()}</td>
                <td>{p.cause}</td>
                <td>{p.ms} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** The sharing mode, Auto's rules, the live reason, the signals this machine lacks, and the recent pauses. */
export function SharingPage() {
  const status = useSharingStatus();
  const rules = useSharingRules();
  const error = useSharingError();
  const saving = useSharingSaving();
  useEffect(() => {
    void sharingActions.load();
  }, []);
  if (!status || !rules) {
    return (
      <Page title="Sharing">
        {error ? <Notice tone="fail" title="Sharing could not be read">{error}</Notice> : <p className="muted">Reading the sharing rules…</p>}
      </Page>
    );
  }
  return (
    <Page title="Sharing" intro="When GridHost takes jobs, and how fast it gives your GPU back.">
      <ModeCard status={status} saving={saving} />
      <RulesForm rules={rules} saving={saving} error={error} onSave={sharingActions.saveRules} />
      <SignalsCard signals={status.signals} />
      <PausesCard pauses={status.recentPauses} />
    </Page>
  );
}
