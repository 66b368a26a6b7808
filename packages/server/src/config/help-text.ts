/**
 * What `scheduler --help` prints. Kept next to the schema it describes; when a setting is added
 * there, add its line here.
 */
export const HELP_TEXT = `Usage: scheduler [--config PATH] [--KEY=VALUE ...]

Scheduler runs configured jobs for Grafana (datasource URL: http://HOST:PORT/scheduler).

Options:
  --config PATH, --config=PATH   read settings from a .properties, .yaml, .yml or .json file
  --spring.config.location=file:///PATH
                                 the same, as the original Java server accepted it
  --KEY=VALUE                    set any setting, overriding the file; KEY is a path such as
                                 server.port, cacheTTLMins or jobsConfigList[0].config.timeoutSec
  --KEY                          set a setting to true, e.g. --inMemoryCache
  -h, --help                     print this text and exit

Settings [default]:
  server.port [8080]              server.host [0.0.0.0]
  apiKeyValue                     the value the schedulerKey header must carry [none: no key]
  cacheTTLMins [60]               minutes a submitted result is kept
  historyTTLMins [1440]           minutes an expired request stays listed
  inMemoryCache [false]           true: keep results in memory only, lost on restart
  cacheSqliteConfig.path [./data]  .timeoutMillis [5000]  .batchSize [500]
  maxConcurrentJobs [CPU count]   maxQueuedRequests [1000]
  runTimeoutSec [25]              maxTargetsPerQuery [50]
  bodyLimitBytes [1048576]        sweepIntervalSec [60]
  instanceHeartbeatSec [10]       seconds between this process's heartbeats in the store
  logLevel [info]                 fatal, error, warn, info, debug, trace or silent
  jobsConfigList[N].type, .name, .description, .config.*   the jobs; .config holds the
                                  executor's keys and argSet, fixedArgs, executeUsers, readUsers,
                                  timeoutSec, maxConcurrent, cacheTTLMins, retryOnRestart

Any value may use \${NAME} or \${NAME:default} to take it from the environment variable NAME.
`;
