import type { ComponentType } from 'react';
import { Card } from './card';
import { Page } from './page';

/**
 * A page whose capability is not built yet says so plainly: no invented numbers.
 * Replace the entry in pages/index.ts with the real page when the capability lands.
 */
export function comingLater(title: string, what: string): ComponentType {
  function ComingLaterPage() {
    return (
      <Page title={title}>
        <Card>
          <p className="headline">Not available yet</p>
          <p>{what}</p>
        </Card>
      </Page>
    );
  }
  return ComingLaterPage;
}
