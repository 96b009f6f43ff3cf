import { useState } from 'react';
import { supportBundleDownloader } from '../../api/client';
import type { BundleExportResult, BundlePreview } from '../../../../shared/contract/logs';
import { Button } from '../button';
import { Card } from '../card';
import { Notice } from '../notice';
import { formatBytes } from './byte-size';

const KIND_LABEL: Record<BundlePreview['entries'][number]['kind'], string> = {
  manifest: 'What is inside, versions, settings',
  checks: 'Readiness checks',
  benchmark: 'Last benchmark',
  jobs: 'Recent jobs',
  log: 'Host log',
  'job-log': 'Job output',
};

interface Props {
  preview: { data: BundlePreview | null; loading: boolean; error: string | null };
  exporting: { running: boolean; progress: { doneBytes: number; totalBytes: number } | null; result: BundleExportResult | null; error: string | null };
  onPreview: () => void;
  onExport: () => void;
}

/** The support bundle: what it will hold (previewed with sizes), then one button that writes it. */
export function BundleExportCard({ preview, exporting, onPreview, onExport }: Props) {
  const { data } = preview;
  const download = supportBundleDownloader();
  const percent = exporting.progress && exporting.progress.totalBytes > 0 ? Math.min(100, Math.floor((exporting.progress.doneBytes / exporting.progress.totalBytes) * 100)) : null;
  return (
    <Card title="Support bundle" labelledBy="bundle-title">
      <p>
        One zip with what support needs: versions, readiness checks, the last benchmark, recent jobs and the logs. Keys, seed phrases, tokens,
        passwords, e-mail addresses and your user name are removed from every file; wallet addresses are shortened.
      </p>
      {preview.error ? <Notice tone="fail" title="The preview could not be made">{preview.error}</Notice> : null}
      {data ? (
        <>
          <table className="data" data-testid="bundle-preview">
            <caption className="visually-hidden">Files the bundle will hold</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">What it is</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <tr key={entry.name}>
                  <td className="mono">{entry.name}</td>
                  <td>{KIND_LABEL[entry.kind]}</td>
                  <td>{formatBytes(entry.bytes)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  Total before compression
                </th>
                <td>{formatBytes(data.totalBytes)}</td>
              </tr>
            </tfoot>
          </table>
          <Notes title="Not included, and why" notes={data.notes} />
        </>
      ) : null}
      <div className="actions">
        <Button onClick={onPreview} disabled={preview.loading} aria-busy={preview.loading}>
          {preview.loading ? 'Looking…' : data ? 'Preview again' : 'Preview what will be included'}
        </Button>
        <Button variant="primary" onClick={onExport} disabled={exporting.running || !data} aria-busy={exporting.running}>
          {exporting.running ? 'Writing…' : 'Save support bundle'}
        </Button>
      </div>
      {exporting.running ? (
        <p role="status">
          <progress max={100} value={percent ?? undefined} aria-label="Support bundle progress" /> {percent !== null ? `${percent} %` : 'Collecting…'}
        </p>
      ) : null}
      {exporting.error ? <Notice tone="fail" title="The bundle could not be written">{exporting.error}</Notice> : null}
      {exporting.result ? (
        <Notice tone="info" title="Support bundle saved">
          <p data-testid="bundle-path">
            <span className="mono">{exporting.result.path}</span> ({formatBytes(exporting.result.zipBytes)}, {exporting.result.files} files). Send this
            file to support.
          </p>
          {download ? <DownloadButton path={exporting.result.path} download={download} /> : null}
        </Notice>
      ) : null}
    </Card>
  );
}

/** Headless: fetch the saved bundle from the host into this browser's downloads. */
function DownloadButton({ path, download }: { path: string; download: (name: string) => Promise<void> }) {
  const [problem, setProblem] = useState<string | null>(null);
  const name = path.split(/[\\/]/).pop() ?? path;
  return (
    <p>
      <Button onClick={() => download(name).then(() => setProblem(null), (err: Error) => setProblem(err.message))}>Download to this computer</Button>
      {problem ? <span role="alert"> Could not download: {problem}</span> : null}
    </p>
  );
}

export function Notes({ title, notes }: { title: string; notes: Array<{ item: string; reason: string }> }) {
  if (notes.length === 0) return null;
  return (
    <>
      <h3 className="support-subtitle">{title}</h3>
      <ul className="support-notes">
        {notes.map((n, i) => (
          <li key={`${n.item}-${i}`}>
            <span className="mono">{n.item}</span>: {n.reason}
          </li>
        ))}
      </ul>
    </>
  );
}
