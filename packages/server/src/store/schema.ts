/** The registry tables as Kysely sees them. Times are epoch milliseconds. */
import type { Generated } from 'kysely';

export interface RequestsTable {
  id: string;
  kind: string;
  job: string;
  args_json: string;
  label: string | null;
  source: string;
  user_name: string;
  state: string;
  progress: number | null;
  progress_message: string | null;
  error: string | null;
  row_count: number | null;
  result_table: string | null;
  result_columns_json: string | null;
  submitted_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
  job_log: string | null;
  /** The Scheduler process (instance id) that queued or runs the request. */
  owner: string | null;
}

/** Dedupe and label keys: one row per key, pointing at the request that holds it. */
export interface RequestKeysTable {
  key: string;
  request_id: string;
  created_at: Generated<number>;
}

/** The Scheduler processes using the store, each alive while its heartbeat is recent. */
export interface InstancesTable {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  heartbeat_at: number;
}

export interface RegistryDatabase {
  scheduler_requests: RequestsTable;
  scheduler_request_keys: RequestKeysTable;
  scheduler_instances: InstancesTable;
}
