import type { ComponentType } from 'react';
import { EarningsPage } from './earnings-page';
import { ExplorerPage } from './explorer-page';
import { HardwarePage } from './hardware-page';
import { JobsPage } from './jobs-page';
import { OverviewPage } from './overview-page';
import { SharingPage } from './sharing-page';
import { SettingsPage } from './settings-page';
import { SupportPage } from './support-page';
import { TestGridPage } from './test-grid-page';
import { WalletPage } from './wallet-page';

export interface PageDef {
  /** Route id: #/<id> (overview is #/). */
  id: string;
  title: string;
  component: ComponentType;
}

/** The navigation, in order. */
export const pages: PageDef[] = [
  { id: 'overview', title: 'Overview', component: OverviewPage },
  { id: 'hardware', title: 'Hardware', component: HardwarePage },
  { id: 'test-grid', title: 'Test Grid', component: TestGridPage },
  { id: 'jobs', title: 'Jobs', component: JobsPage },
  { id: 'earnings', title: 'Earnings', component: EarningsPage },
  { id: 'wallet', title: 'Wallet', component: WalletPage },
  { id: 'explorer', title: 'Explorer', component: ExplorerPage },
  { id: 'sharing', title: 'Sharing', component: SharingPage },
  { id: 'settings', title: 'Settings', component: SettingsPage },
  { id: 'support', title: 'Support', component: SupportPage },
];
