import type { Earning, Job, NodeStatus, Run } from '../../src/main/core/grid/protocol';

// The grid database's rows (grid-database.ts) and how each reads on the wire (docs/grid-protocol.md).

export interface NodeRow {
  address: string;
  status: NodeStatus['status'];
  market: string | null;
  reason: string | null;
  enrolled_at: number;
  reviewed_at: number | null;
}
export interface JobRow {
  id: string;
  market: string;
  definition_json: string;
  price_per_second: number;
  timeout_seconds: number;
  posted_at: number;
  state: string;
}
export interface RunRow {
  id: string;
  job_id: string;
  address: string;
  state: Run['state'];
  started_at: number;
  last_heartbeat_at: number;
  ended_at: number | null;
}
export interface EarningRow {
  run_id: string;
  job_id: string;
  market: string;
  outcome: Earning['outcome'];
  started_at: number;
  ended_at: number;
  seconds_run: number;
  seconds_paid: number;
  price_per_second: number;
  amount: number;
  status: Earning['status'];
  settled_at: number | null;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function toNodeStatus(row: NodeRow, verification: NodeStatus['verification'] = null): NodeStatus {
  return {
    address: row.address,
    status: row.status,
    market: row.market,
    reason: row.reason,
    enrolledAt: iso(row.enrolled_at),
    reviewedAt: row.reviewed_at === null ? null : iso(row.reviewed_at),
    verification,
  };
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    market: row.market,
    definition: JSON.parse(row.definition_json) as unknown,
    pricePerSecond: row.price_per_second,
    timeoutSeconds: row.timeout_seconds,
    postedAt: iso(row.posted_at),
  };
}

/** A run as the protocol shows it; its deadline comes from its job's timeout. */
export function toRun(row: RunRow, job: Pick<JobRow, 'timeout_seconds'>): Run {
  return {
    id: row.id,
    jobId: row.job_id,
    state: row.state,
    startedAt: iso(row.started_at),
    lastHeartbeatAt: iso(row.last_heartbeat_at),
    endedAt: row.ended_at === null ? null : iso(row.ended_at),
    deadline: iso(row.started_at + job.timeout_seconds * 1000),
  };
}

export function toEarning(row: EarningRow): Earning {
  return {
    runId: row.run_id,
    jobId: row.job_id,
    market: row.market,
    outcome: row.outcome,
    startedAt: iso(row.started_at),
    endedAt: iso(row.ended_at),
    secondsRun: row.seconds_run,
    secondsPaid: row.seconds_paid,
    pricePerSecond: row.price_per_second,
    amount: row.amount,
    status: row.status,
    settledAt: row.settled_at === null ? null : iso(row.settled_at),
  };
}
