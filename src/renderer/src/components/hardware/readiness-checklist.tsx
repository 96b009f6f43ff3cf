import type { ReadinessCheck } from '../../../../shared/contract/gpu';
import { Button } from '../button';
import { StatusPill, type Tone } from '../status-pill';

const TONE: Record<ReadinessCheck['status'], Tone> = { pass: 'ok', warn: 'warn', fail: 'fail' };
const LABEL: Record<ReadinessCheck['status'], string> = { pass: 'OK', warn: 'Warning', fail: 'Needs fixing' };

/** The readiness checks as a checklist: what was found, and for each problem the exact fix. */
export function ReadinessChecklist({ checks, detecting, onCheckAgain }: { checks: ReadinessCheck[]; detecting: boolean; onCheckAgain: () => void }) {
  return (
    <>
      <ul className="checklist" data-testid="readiness-checks">
        {checks.map((check) => (
          <li key={check.id} data-check={check.id} data-status={check.status}>
            <p>
              <StatusPill tone={TONE[check.status]}>{LABEL[check.status]}</StatusPill> <strong>{check.title}</strong>: {check.message}
            </p>
            {check.fix ? (
              <div className="fix">
                <span className="visually-hidden">How to fix: </span>
                {check.fix.includes('\n') || check.fix.startsWith('sudo ') ? <pre tabIndex={0}>{check.fix}</pre> : <p>{check.fix}</p>}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button onClick={onCheckAgain} disabled={detecting} aria-busy={detecting}>
          {detecting ? 'Checking…' : 'Check again'}
        </Button>
      </div>
    </>
  );
}
