import type { ComponentType } from 'react';
import { comingLater } from '../components/coming-later';
import { EarningsPage } from './earnings-page';
import { ExplorerPage } from './explorer-page';
import { HardwarePage } from './hardware-page';
import { JobsPage } from './jobs-page';
import { OverviewPage } from './overview-page';
import { SupportPage } from './support-page';
import { TestGridPage } from './test-grid-page';
import { WalletPage } from './wallet-page';

export interface PageDef {
  /** Route id: #/<id> (overview is #/). */
  id: string;
  title: string;
  component: ComponentType;
}

/** The navigation, in order. A capability not built yet shows a plain "not available yet" page. */
export const pages: PageDef[] = [
  { id: 'overview', title: 'Overview', component: OverviewPage },
  { id: 'hardware', title: 'Hardware', component: HardwarePage },
  { id: 'test-grid', title: 'Test Grid', component: TestGridPage },
  { id: 'jobs', title: 'Jobs', component: JobsPage },
  { id: 'earnings', title: 'Earnings', component: EarningsPage },
  { id: 'wallet', title: 'Wallet', component: WalletPage },
  { id: 'explorer', title: 'Explorer', component: ExplorerPage },
  {
    id: 'sharing',
    title: 'Sharing',
    component: comingLater(
      'Sharing',
      'Idle sharing (pause the moment you start a game, never share on battery, schedules and temperature limits) is not built yet. Until it is, GridHost never decides on its own to take jobs while you use the machine.',
    ),
  },
  { id: 'support', title: 'Support', component: SupportPage },
];
