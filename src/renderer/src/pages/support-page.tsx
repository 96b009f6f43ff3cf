import { useEffect } from 'react';
import { Page } from '../components/page';
import { BundleExportCard } from '../components/support/bundle-export-card';
import { BundleReportCard } from '../components/support/bundle-report-card';
import { RecentLogsCard } from '../components/support/recent-logs-card';
import '../components/support/support.css';
import { useAppInfo } from '../stores/host-store';
import { logsActions, useBundleExport, useBundlePreview, useInspectedBundle, useRecentLogs } from '../stores/logs-store';

/** Recent log lines, the support bundle (previewed, then saved), and a bundle opened for support. */
export function SupportPage() {
  const recent = useRecentLogs();
  const preview = useBundlePreview();
  const exporting = useBundleExport();
  const inspected = useInspectedBundle();
  // Only the desktop app has a file dialog; the browser dashboard opens bundles in the support folder.
  const desktop = useAppInfo()?.mode === 'desktop';

  useEffect(() => {
    void logsActions.loadRecent();
  }, []);

  return (
    <Page title="Support" intro="What the host has been doing, and a support bundle you can check before you send it.">
      <BundleExportCard preview={preview} exporting={exporting} onPreview={() => void logsActions.loadPreview()} onExport={() => void logsActions.exportBundle()} />
      <RecentLogsCard {...recent} onFilter={(filter) => void logsActions.loadRecent(filter)} />
      <BundleReportCard
        {...inspected}
        onPath={logsActions.setInspectPath}
        onOpen={() => void logsActions.inspect()}
        {...(desktop ? { onChoose: () => void logsActions.chooseAndInspect() } : {})}
      />
    </Page>
  );
}
