/**
 * The one place that lists executor types. Adding a type is adding its file and a line here.
 */
import { dummyExecutor } from './dummy-executor.js';
import type { ExecutorDefinition } from './executor.js';
import { processExecutor } from './process/process-executor.js';
import { moduleExecutor } from './module-executor.js';
import { requestsExecutor } from './requests-executor.js';
import { restExecutor } from './rest/rest-executor.js';
import { rawSqlExecutor, sqlExecutor } from './sql/sql-executors.js';

// Each definition is typed by its own config; the registry only hands them out by name.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const definitions: ExecutorDefinition<any>[] = [dummyExecutor, moduleExecutor, processExecutor, requestsExecutor, restExecutor, sqlExecutor, rawSqlExecutor];

export function findExecutorDefinition(type: string): ExecutorDefinition<unknown> | undefined {
  return definitions.find((definition) => definition.type === type || definition.aliases?.includes(type));
}

/** Every accepted type name, aliases included, for error messages and the reference. */
export function executorTypeNames(): string[] {
  return definitions.flatMap((definition) => [definition.type, ...(definition.aliases ?? [])]);
}
