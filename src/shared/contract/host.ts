import { z } from 'zod';
import { HostStatusSchema } from '../host-state';
import { ClientSettingsPatchSchema, SettingsSchema } from '../settings';
import { event, request } from './define';

const NoParams = z.object({}).strict();

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** 'desktop' inside Electron, 'headless' when served by `gridhost start --headless`. */
  mode: z.enum(['desktop', 'headless']),
  platform: z.string(),
  arch: z.string(),
  nodeVersion: z.string(),
  dataDir: z.string(),
  /** What the owner should know about this start, in their words (a damaged database moved aside); the Overview shows them. */
  notices: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const hostRequests = {
  'app.info': request('Name, version and mode of the running app.', NoParams, AppInfoSchema),
  'host.status': request('The host loop state now.', NoParams, HostStatusSchema),
  'host.preflight': request('Check the machine again (also leaves a paused or error state).', NoParams, HostStatusSchema),
  'settings.get': request('All settings, with defaults filled in.', NoParams, SettingsSchema),
  'settings.update': request('Change some settings (not the payout address: see wallet.payout.set); returns all settings after the change.', ClientSettingsPatchSchema, SettingsSchema),
};

export const hostEvents = {
  'host.state': event('The host loop moved to another state.', HostStatusSchema),
  'settings.changed': event('Settings were changed (by any client).', SettingsSchema),
};
