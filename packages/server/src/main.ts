/**
 * Starts Scheduler from the command line: `scheduler [--config FILE] [--key=value …]`.
 * Resolves with the process exit code: 0 after a clean stop (SIGINT/SIGTERM), 2 when the
 * configuration or the store is unusable — with one line per problem on stderr — so a service
 * manager never keeps restarting a half-configured server.
 */
import { pino } from 'pino';
import { ConfigError } from './config/config-error.js';
import { HelpRequested } from './config/help-requested.js';
import { HELP_TEXT, loadConfig } from './config/load-config.js';
import { createScheduler } from './scheduler.js';
import { StoreConfigError } from './store/create-store.js';

export const EXIT_CONFIG_ERROR = 2;

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config;
  try {
    config = await loadConfig(argv, env);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(`${HELP_TEXT}\n`);
      return 0;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`Scheduler did not start: the configuration has ${error.problems.length} problem(s):\n${error.problems.map((line) => `  ${line}\n`).join('')}`);
      return EXIT_CONFIG_ERROR;
    }
    throw error;
  }

  const log = pino({ level: config.logLevel, base: undefined });
  let scheduler;
  try {
    scheduler = await createScheduler(config, log);
  } catch (error) {
    if (error instanceof StoreConfigError || error instanceof ConfigError) {
      process.stderr.write(`Scheduler did not start: ${error.message}\n`);
      return EXIT_CONFIG_ERROR;
    }
    throw error;
  }
  let url: string;
  try {
    ({ url } = await scheduler.start());
  } catch (error) {
    await scheduler.stop().catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why = code === 'EADDRINUSE' ? 'is already in use' : code === 'EACCES' ? 'is not allowed for this user' : 'is not an address of this machine';
      process.stderr.write(`Scheduler did not start: server.port/server.host: ${config.server.host}:${config.server.port} ${why}; choose another with --server.port=PORT\n`);
      return EXIT_CONFIG_ERROR;
    }
    throw error;
  }
  log.info({ url: `${url}/scheduler`, jobs: config.jobs.map((job) => job.name) }, `Scheduler listening; point Grafana's datasource at ${url}/scheduler`);

  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'stopping');
      scheduler
        .stop()
        .then(() => resolve(0))
        .catch((error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          resolve(1);
        });
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
}
