import { useEffect, useState } from 'react';
import type { RelayedService } from '../../../shared/contract/containers';
import { api } from '../api/client';
import { StatusPill, type Tone } from '../components/status-pill';

const POLL_MS = 2_000;
const HEALTH: Record<RelayedService['health'], { tone: Tone; label: string }> = {
  starting: { tone: 'info', label: 'Starting: waiting for its health checks' },
  up: { tone: 'ok', label: 'Up: reachable through the grid' },
  failed: { tone: 'fail', label: 'Failed its health check' },
};
/** The job's own word for each service (Nosana's `expose[].type`), in the owner's words. */
const SERVICE_TYPE: Record<RelayedService['type'], string> = {
  web: 'Web page',
  api: 'API',
  webapi: 'Web page and API',
  websocket: 'WebSocket',
  none: 'Not stated',
};

/** The running job's exposed services: health and how many requests the grid relayed to each (polled). */
export function RunningServices({ jobId }: { jobId: string }) {
  const [services, setServices] = useState<RelayedService[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const read = () =>
      api()
        .servicesList()
        .then((r) => live && (setServices(r.services.filter((s) => s.jobId === jobId)), setProblem(null)))
        .catch((err: unknown) => live && setProblem((err as Error).message));
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [jobId]);
  if (services.length === 0 && !problem) return null;
  return (
    <>
      <h3 id="job-services" className="subsection">
        Services
      </h3>
      <p className="muted">
        The grid relays requests to a service only once its health checks pass, and only for the job&apos;s poster, who holds its token.
      </p>
      {problem ? <p role="alert">The services could not be read: {problem}. They are read again in a moment.</p> : null}
      <table className="data" aria-labelledby="job-services" data-testid="job-services">
        <thead>
          <tr>
            <th scope="col">Port</th>
            <th scope="col">Type</th>
            <th scope="col">Health</th>
            <th scope="col">Requests through the grid</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={`${s.opId}/${s.port}`}>
              <td className="mono">{s.port}</td>
              <td>{SERVICE_TYPE[s.type]}</td>
              <td>
                <StatusPill tone={HEALTH[s.health].tone}>{HEALTH[s.health].label}</StatusPill>
                {s.reason ? <div className="muted">{s.reason}</div> : null}
              </td>
              <td>{s.requests}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
