/**
 * The error `loadConfig` and `buildConfig` throw when the configuration cannot be used.
 *
 * It carries every problem found, not only the first: fixing a config file one restart at a time
 * is the experience we want to spare people. Each problem is one line that names the key path,
 * the offending value (secrets masked) and what was expected, so the message can be printed as is.
 */
export class ConfigError extends Error {
  /** One line per problem, in the order they were found (command line, file, then settings). */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
