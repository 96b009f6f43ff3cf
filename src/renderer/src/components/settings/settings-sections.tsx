import { useState } from 'react';
import type { Settings } from '../../../../shared/settings';
import { CheckField, numberOrText, SelectField, SettingsForm, TextField } from './settings-fields';

// Each section keeps drafts of its fields; the page remounts it (its key) when the saved values change elsewhere.

export function GridSection({ grid }: { grid: Settings['grid'] }) {
  const [url, setUrl] = useState(grid.url);
  return (
    <SettingsForm section="grid" title="Grid" patch={() => ({ grid: { url: url.trim() } })}>
      <TextField path="grid.url" label="Grid address" value={url} onChange={setUrl} inputMode="url" hint="The coordinator this machine takes jobs from. A change applies when no job runs." />
    </SettingsForm>
  );
}

export function ContainerSection({ containers }: { containers: Settings['containers'] }) {
  const [memory, setMemory] = useState(containers.memoryMiB === null ? '' : String(containers.memoryMiB));
  const [cpus, setCpus] = useState(String(containers.cpus));
  const [grace, setGrace] = useState(String(containers.stopGraceSeconds));
  const [cache, setCache] = useState(String(containers.imageCacheGiB));
  const patch = () => ({
    containers: { memoryMiB: numberOrText(memory, null), cpus: numberOrText(cpus), stopGraceSeconds: numberOrText(grace), imageCacheGiB: numberOrText(cache) },
  });
  return (
    <SettingsForm section="containers" title="Job containers" patch={patch}>
      <TextField path="containers.memoryMiB" label="Memory limit (MiB)" value={memory} onChange={setMemory} inputMode="numeric" placeholder="Half of this machine’s memory" hint="Empty: half of this machine’s memory. At most 90% of it is used." />
      <TextField path="containers.cpus" label="CPU limit (cores)" value={cpus} onChange={setCpus} inputMode="decimal" />
      <TextField path="containers.stopGraceSeconds" label="Stop grace (seconds)" value={grace} onChange={setGrace} inputMode="numeric" hint="How long a job may take to stop before it is killed." />
      <TextField path="containers.imageCacheGiB" label="Image cache budget (GiB)" value={cache} onChange={setCache} inputMode="numeric" hint="The least recently used job images are removed above it." />
    </SettingsForm>
  );
}

const LEVELS = [
  { id: 'debug', label: 'Debug (everything)' },
  { id: 'info', label: 'Info (default)' },
  { id: 'warn', label: 'Warnings and errors' },
  { id: 'error', label: 'Errors only' },
] as const;

export function LogSection({ logs }: { logs: Settings['logs'] }) {
  const [level, setLevel] = useState(logs.level);
  const [size, setSize] = useState(String(logs.maxFileMiB));
  const [files, setFiles] = useState(String(logs.maxFiles));
  return (
    <SettingsForm section="logs" title="Logs" patch={() => ({ logs: { level, maxFileMiB: numberOrText(size), maxFiles: numberOrText(files) } })}>
      <SelectField<Settings['logs']['level']> path="logs.level" label="Log level" value={level} options={LEVELS} onChange={setLevel} />
      <TextField path="logs.maxFileMiB" label="Log file size (MiB)" value={size} onChange={setSize} inputMode="numeric" />
      <TextField path="logs.maxFiles" label="Log files kept" value={files} onChange={setFiles} inputMode="numeric" hint="Older files are deleted: this is how long logs are kept." />
    </SettingsForm>
  );
}

export function KeyStoreSection({ wallet }: { wallet: Settings['wallet'] }) {
  const [allow, setAllow] = useState(wallet.allowBasicTextKeyring);
  return (
    <SettingsForm section="keyStore" title="Node key store (Linux)" patch={() => ({ wallet: { allowBasicTextKeyring: allow } })}>
      <CheckField path="wallet.allowBasicTextKeyring" label="Use the basic text key store when no keyring is available" checked={allow} onChange={setAllow} />
      <p className="settings-warning">
        Without GNOME Keyring or KWallet, the desktop app can only keep the node key with Electron’s “basic_text” store, whose key is public: anyone who can read your
        files can take the node key. Prefer installing a keyring, or running headless with a passphrase.
      </p>
    </SettingsForm>
  );
}

export function NotificationSection({ notifications }: { notifications: Settings['notifications'] }) {
  const [attention, setAttention] = useState(notifications.attention);
  const [jobs, setJobs] = useState(notifications.jobs);
  return (
    <SettingsForm section="notifications" title="Notifications" patch={() => ({ notifications: { attention, jobs } })}>
      <CheckField path="notifications.attention" label="When GridHost needs attention" checked={attention} onChange={setAttention} />
      <CheckField path="notifications.jobs" label="When a job starts and ends" checked={jobs} onChange={setJobs} />
    </SettingsForm>
  );
}

export function DesktopSection({ app, desktop }: { app: Settings['app']; desktop: boolean }) {
  const [login, setLogin] = useState(app.startAtLogin);
  const [toTray, setToTray] = useState(app.closeToTray);
  const hint = desktop ? undefined : 'Applies to the desktop app; this dashboard is served by a headless host.';
  return (
    <SettingsForm section="desktop" title="Desktop app" patch={() => ({ app: { startAtLogin: login, closeToTray: toTray } })}>
      <CheckField path="app.startAtLogin" label="Start GridHost when I log in (hidden, in the tray)" checked={login} onChange={setLogin} hint={hint} />
      <CheckField path="app.closeToTray" label="Closing the window keeps GridHost running in the tray" checked={toTray} onChange={setToTray} hint={hint} />
    </SettingsForm>
  );
}

const CHANNELS = [
  { id: 'latest', label: 'Stable' },
  { id: 'beta', label: 'Beta (earlier, less tested)' },
] as const;

export function UpdateSection({ updates }: { updates: Settings['updates'] }) {
  const [channel, setChannel] = useState(updates.channel);
  return (
    <SettingsForm section="updates" title="Updates" patch={() => ({ updates: { channel } })}>
      <SelectField<Settings['updates']['channel']> path="updates.channel" label="Update channel" value={channel} options={CHANNELS} onChange={setChannel} />
      <p className="muted settings-hint">The desktop app checks at start and daily, downloads in the background, and installs when you quit, never during a job.</p>
    </SettingsForm>
  );
}
