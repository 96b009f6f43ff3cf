import { useJobResources } from '../stores/jobs-store';

const MIB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;

/** The running job's model resources: fetched into the model cache before its op starts, then mounted read-only. */
export function JobResources() {
  const resources = useJobResources();
  if (resources.length === 0) return null;
  return (
    <ul className="resources" data-testid="job-resources" aria-label="Model resources">
      {resources.map((r) => (
        <li key={`${r.opId}:${r.target}`} data-state={r.state}>
          <span className="mono">{r.resource}</span> at <span className="mono">{r.target}</span>:{' '}
          {r.state === 'ready' ? (
            `ready (${mib(r.receivedBytes)}, read-only)`
          ) : r.state === 'failed' ? (
            <span className="fail">could not be fetched: {r.message}</span>
          ) : (
            <>
              downloading {mib(r.receivedBytes)}
              {r.totalBytes ? ` of ${mib(r.totalBytes)}` : ''}{' '}
              {r.totalBytes ? <progress max={r.totalBytes} value={r.receivedBytes} /> : null}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
