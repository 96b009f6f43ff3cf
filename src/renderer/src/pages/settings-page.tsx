import { useEffect } from 'react';
import '../components/settings/settings.css';
import { Card } from '../components/card';
import { Notice } from '../components/notice';
import { Page } from '../components/page';
import { ContainerSection, DesktopSection, GridSection, KeyStoreSection, LogSection, NotificationSection, UpdateSection } from '../components/settings/settings-sections';
import { NetworkForm } from '../components/wallet/network-form';
import { settingsActions, useSettingsStore } from '../stores/settings-store';
import { useNetworkState, walletActions } from '../stores/wallet-store';

/** What owners change, in one place; sharing's rules are on the Sharing page. */
export function SettingsPage() {
  const settings = useSettingsStore((s) => s.settings);
  const info = useSettingsStore((s) => s.info);
  const loadError = useSettingsStore((s) => s.loadError);
  const network = useNetworkState();
  useEffect(() => void settingsActions.load(), []);

  if (!settings) {
    return (
      <Page title="Settings">
        {loadError ? <Notice tone="fail" title="Settings could not be read">{loadError}</Notice> : <p className="muted">Loading…</p>}
      </Page>
    );
  }
  const key = (value: unknown) => JSON.stringify(value);
  return (
    <Page title="Settings" intro={<>When and how this machine shares (Auto, schedules, what pauses it) is on the <a href="#/sharing">Sharing page</a>.</>}>
      <GridSection key={key(settings.grid)} grid={settings.grid} />
      <ContainerSection key={key(settings.containers)} containers={settings.containers} />
      <NetworkForm cluster={settings.wallet.cluster} saving={network.saving} error={network.error} onSave={(cluster, url) => walletActions.setNetwork(cluster, url)} />
      <LogSection key={key(settings.logs)} logs={settings.logs} />
      <NotificationSection key={key(settings.notifications)} notifications={settings.notifications} />
      <DesktopSection key={key(settings.app)} app={settings.app} desktop={info?.mode === 'desktop'} />
      <UpdateSection key={key(settings.updates)} updates={settings.updates} />
      <KeyStoreSection key={key(settings.wallet.allowBasicTextKeyring)} wallet={settings.wallet} />
      <Card title="Data folder" labelledBy="settings-data-folder">
        <p className="mono" data-testid="data-folder">
          {info?.dataDir}
        </p>
        <p className="muted settings-hint">The node key, settings, logs and the host’s database. Set GRIDHOST_HOME to use another folder.</p>
      </Card>
    </Page>
  );
}
