import { EarningsLedger } from '../earnings/earnings-ledger';
import type { Clock, EventSink, JsonDocumentStore, Logger, NodeSigner } from '../ports';
import { EnrollmentService } from './enrollment-service';
import { GridConnection, type GridConnectionDeps } from './grid-connection';
import type { EnrollmentEvidence, HttpFetch } from './ports';

/** The grid side: the signed connection, enrollment, the earnings ledger, and what an enrollment submits. */
export interface GridParts {
  connection: GridConnection;
  enrollment: EnrollmentService;
  ledger: EarningsLedger;
  evidence: EnrollmentEvidence;
}

export interface GridPartsDeps {
  url: () => string;
  openSigner: () => Promise<NodeSigner>;
  evidence: EnrollmentEvidence;
  /** Opens a JSON document in the data folder by file name. */
  openDocument: (name: string) => JsonDocumentStore;
  events: EventSink;
  clock: Clock;
  logger: Logger;
  /** The network (the platform's fetch). */
  fetch: HttpFetch;
  clientOptions?: GridConnectionDeps['clientOptions'];
}

/** Builds the grid side over one connection: enrollment in `grid-node.json`, the ledger in `earnings.json`. */
export function createGridParts(deps: GridPartsDeps): GridParts {
  const logger = deps.logger.child({ component: 'grid' });
  const connection = new GridConnection({ url: deps.url, openSigner: deps.openSigner, clock: deps.clock, fetch: deps.fetch, clientOptions: deps.clientOptions });
  return {
    connection,
    enrollment: new EnrollmentService(connection, deps.openDocument('grid-node.json'), logger),
    ledger: new EarningsLedger(deps.openDocument('earnings.json'), logger, {
      fetchRemote: async () => (await connection.client()).earnings(),
      events: deps.events,
    }),
    evidence: deps.evidence,
  };
}
