/**
 * The environment a job's program gets: only the variables named by `inheritEnv` are taken from
 * the server's own environment — which may hold the API key, database passwords and cloud
 * credentials — then the job's `envVars`, then what Scheduler itself passes (the result table
 * and the store's connection details, for `cacheArg` jobs), which the job cannot override.
 */
export function childEnvironment(
  serverEnvironment: NodeJS.ProcessEnv,
  inheritEnv: readonly string[],
  envVars: Readonly<Record<string, string>>,
  schedulerVariables: Readonly<Record<string, string>>,
): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const name of inheritEnv) {
    const value = serverEnvironment[name];
    if (value !== undefined) environment[name] = value;
  }
  return { ...environment, ...envVars, ...schedulerVariables };
}
