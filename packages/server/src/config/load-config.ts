/**
 * The configuration entry point: command line, then the config file it names, then the
 * command-line overrides on top, then `${ENV}` references, then validation. Every problem found
 * on the way is collected and thrown together as one {@link ConfigError}.
 */
import { dirname, resolve } from 'node:path';
import { validateConfigTree } from './build-config.js';
import { parseCommandLine } from './command-line.js';
import { readConfigFile } from './config-file.js';
import { ConfigError } from './config-error.js';
import type { ConfigSection } from './config-tree.js';
import { HelpRequested } from './help-requested.js';
import { applyOverrides } from './overrides.js';
import type { SchedulerConfig } from './scheduler-config.js';

export { buildConfig, defaultConfig } from './build-config.js';
export { ConfigError } from './config-error.js';
export { HELP_TEXT } from './help-text.js';
export { HelpRequested } from './help-requested.js';
export type { JobConfig, SchedulerConfig } from './scheduler-config.js';

/**
 * Loads the configuration.
 *
 * @param argv the arguments after the program name (`process.argv.slice(2)`)
 * @param env the environment, for `${NAME}` references
 * @param cwd what a relative config file path is relative to; the working directory by default
 * @throws HelpRequested on `--help` or `-h`: print `HELP_TEXT` and exit 0
 * @throws ConfigError listing every problem, one per line
 */
export async function loadConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): Promise<SchedulerConfig> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.help) throw new HelpRequested();
  const problems = [...commandLine.problems];

  let tree: ConfigSection = {};
  let baseDir = cwd;
  if (commandLine.configFile !== null) {
    const path = resolve(cwd, commandLine.configFile);
    baseDir = dirname(path);
    const file = await readConfigFile(path);
    problems.push(...file.problems);
    tree = file.tree;
  }
  problems.push(...applyOverrides(tree, commandLine.overrides));

  // A tree that could not be read or assembled whole would only yield misleading follow-up
  // problems ("name: required" for a job whose lines were in the unreadable file), so it is
  // validated only when every problem so far is a stray argument that left the tree intact.
  if (problems.length === commandLine.problems.length) {
    const validation = validateConfigTree(tree, env, baseDir);
    if (validation.ok && problems.length === 0) return validation.config;
    if (!validation.ok) problems.push(...validation.problems);
  }
  throw new ConfigError(problems);
}
