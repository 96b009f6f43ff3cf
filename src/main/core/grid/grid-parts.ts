import { EarningsLedger } from '../earnings/earnings-ledger';
import type { PriceSettings } from '../earnings/earnings-figures';
import { EarningsReports } from '../earnings/earnings-reports';
import type { AvailabilityLog, LedgerStore } from '../earnings/ports';
import type { Clock, EventSink, Logger, NodeSigner } from '../ports';
import { EnrollmentService } from './enrollment-service';
import { GridConnection, type GridConnectionDeps } from './grid-connection';
import type { EnrollmentEvidence, EnrollmentStore, HttpFetch } from './ports';

/** The grid side: the signed connection, enrollment, the earnings ledger, and what an enrollment submits. */
export interface GridParts {
  connection: GridConnection;
  enrollment: EnrollmentService;
  ledger: EarningsLedger;
  /** Totals, series, net, projection, payouts, CSV and the explorer, over the same ledger. */
  reports: EarningsReports;
  evidence: EnrollmentEvidence;
}

export interface GridPartsDeps {
  url: () => string;
  openSigner: () => Promise<NodeSigner>;
  evidence: EnrollmentEvidence;
  /** The host's database: the ledger's rows and the last enrollment status. */
  stores: { ledger: LedgerStore; enrollment: EnrollmentStore; availability: AvailabilityLog };
  /** The owner's electricity and NOS prices (settings: earnings). */
  prices: () => PriceSettings;
  /** This machine's market, as the host last heard it. */
  market: () => string | null;
  /** The database was made anew at this start (a damaged one moved aside): the ledger is rebuilt from the grid. */
  rebuildLedger?: boolean;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  /** The network (the platform's fetch). */
  fetch: HttpFetch;
  clientOptions?: GridConnectionDeps['clientOptions'];
}

/** Builds the grid side over one connection, its enrollment status and ledger in the host's database. */
export function createGridParts(deps: GridPartsDeps): GridParts {
  const logger = deps.logger.child({ component: 'grid' });
  const connection = new GridConnection({ url: deps.url, openSigner: deps.openSigner, clock: deps.clock, fetch: deps.fetch, clientOptions: deps.clientOptions });
  return {
    connection,
    enrollment: new EnrollmentService(connection, deps.stores.enrollment, logger),
    ledger: new EarningsLedger(deps.stores.ledger, logger, {
      fetchRemote: async () => (await connection.client()).earnings(),
      events: deps.events,
      rebuild: deps.rebuildLedger ?? false,
    }),
    reports: new EarningsReports({
      store: deps.stores.ledger,
      availability: deps.stores.availability,
      prices: deps.prices,
      market: deps.market,
      grid: () => connection.client(),
      clock: deps.clock,
      logger,
    }),
    evidence: deps.evidence,
  };
}
