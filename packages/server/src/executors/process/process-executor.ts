/**
 * `process`: runs a program — typically an interpreter and a script, `[/usr/bin/python3, etl.py]`
 * — with each request argument as its own argv entry, never through a shell, and turns what it
 * prints into the result. With `cacheArg` the program writes the result table into the store
 * itself. The reference for users is docs/process-executor.md.
 */
import path from 'node:path';
import type { Args, TableStream } from '../../domain.js';
import { RESULT_WRITTEN_TO_TABLE, type ExecutionContext, type ExecutionResult, type Executor, type ExecutorDefinition, type ExecutorEnvironment } from '../executor.js';
import { childEnvironment } from './child-environment.js';
import { commandLineArguments } from './command-line-arguments.js';
import { effectiveOutputFormat, processConfigSchema, type ProcessConfig } from './process-config.js';
import { ProcessRun } from './process-run.js';
import { stdoutTable } from './stdout-table.js';
import { checkWorkingDirectory } from './working-directory.js';

export const processExecutor: ExecutorDefinition<ProcessConfig> = {
  type: 'process',
  description: 'runs a program with the request arguments as separate argv entries (no shell) and reads its output as the result',
  configSchema: processConfigSchema,
  argumentsReachCommandLine: true,
  create: createProcessExecutor,
};

export function createProcessExecutor(config: ProcessConfig, environment: ExecutorEnvironment): Executor {
  const configKey = (key: string) => `${environment.configPath}.config.${key}`;
  const homeDir = path.resolve(environment.baseDir, config.homeDir ?? '.');
  const [command, ...leadingArgs] = config.process as [string, ...string[]];
  // A path with a slash is relative to the working directory, as a shell would read it there;
  // a bare name is looked up in the PATH the program gets.
  const executable = command.includes('/') ? path.resolve(homeDir, command) : command;
  const outputFormat = effectiveOutputFormat(config);
  const storeVariables = environment.store.environment;
  if (config.cacheArg && storeVariables.SCHEDULER_STORE_URL === undefined) {
    throw new Error(
      `job "${environment.jobName}": cacheArg needs a store that programs can reach, but the results are kept in memory (inMemoryCache=true); store them in SQLite or a database server (${configKey('cacheArg')})`,
    );
  }

  return {
    checkArguments(args) {
      try {
        if (config.cacheArg) withResultTableName(args, config.cacheArg, 'result_table');
        commandLineArguments(args, config.argStyle, config.argOrder);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    },
    async execute(context: ExecutionContext): Promise<ExecutionResult> {
      await checkWorkingDirectory(homeDir, config.homeDir === undefined ? `the default, the configuration's folder; set ${configKey('homeDir')}` : configKey('homeDir'));
      // Checked right before the spawn: an abort from now on reaches the run's own listener.
      context.signal.throwIfAborted();
      const args = config.cacheArg ? withResultTableName(context.args, config.cacheArg, context.resultTable) : context.args;
      const argv = [...leadingArgs, ...commandLineArguments(args, config.argStyle, config.argOrder)];
      const schedulerVariables: Record<string, string> = config.cacheArg ? { ...storeVariables, SCHEDULER_RESULT_TABLE: context.resultTable } : {};
      const run = startRun(context, {
        executable,
        args: argv,
        cwd: homeDir,
        env: childEnvironment(process.env, config.inheritEnv, config.envVars, schedulerVariables),
        maxOutputBytes: config.maxOutputBytes,
        killGraceMs: config.killGraceSec * 1000,
        stderrTailLines: config.stderrTailLines,
        executableKey: configKey('process[0]'),
      });
      context.log.debug({ pid: run.pid, executable, argv }, 'process started');
      if (outputFormat !== 'none') return stdoutTable(outputFormat, run);
      // Nobody reads stdout, but it must drain or a chatty program would block on a full pipe.
      run.stdout.resume();
      await run.succeeded();
      return config.cacheArg ? RESULT_WRITTEN_TO_TABLE : emptyTable();
    },
  };
}

type RunSettings = Omit<ConstructorParameters<typeof ProcessRun>[0], 'signal' | 'onProgress' | 'keepStderr'>;

function startRun(context: ExecutionContext, settings: RunSettings): ProcessRun {
  try {
    return new ProcessRun({
      ...settings,
      signal: context.signal,
      onProgress: ({ percent, message }) => context.progress(percent, message),
      keepStderr: (tail) => context.keepLog(tail),
    });
  } catch (error) {
    // spawn throws (rather than emitting 'error') for arguments it cannot pass at all.
    throw new Error(`cannot start "${settings.executable}": ${(error as Error).message} (${settings.executableKey})`, { cause: error });
  }
}

/** The arguments plus the result table's name under `cacheArg`, which no request may set. */
function withResultTableName(args: Readonly<Args>, cacheArg: string, resultTable: string): Args {
  if (cacheArg in args) {
    throw new Error(`argument "${cacheArg}" is set by Scheduler to the result table's name (the job's cacheArg) and cannot be given`);
  }
  return { ...args, [cacheArg]: resultTable };
}

/** The original's answer when output is not captured: a table with no columns and no rows. */
function emptyTable(): TableStream {
  return { columns: [], rows: [] };
}
