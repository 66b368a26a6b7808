/**
 * The command line: which config file to read, and `--key=value` overrides of any setting, as the
 * original Spring Boot server accepted them (`--cacheTTLMins=5`,
 * `--spring.config.location=file:///etc/scheduler/app.properties`).
 */
import { fileURLToPath } from 'node:url';
import type { KeyPath } from './key-path.js';
import { parseKeyPath } from './key-path.js';

/** One `--key=value` (or bare `--key`, meaning true) to apply on top of the file. */
export interface Override {
  /** The argument as typed, to name it in problems. */
  argument: string;
  path: KeyPath;
  /** Text as typed — the schema converts it — or true for a bare `--flag`. */
  value: string | true;
}

/** What the arguments ask for; problems are collected, never thrown. */
export interface CommandLine {
  /** The config file as given (relative paths are relative to the working directory), or null. */
  configFile: string | null;
  overrides: Override[];
  help: boolean;
  problems: string[];
}

const SPRING_LOCATION = '--spring.config.location';

/** Parses the arguments after the program name (`process.argv.slice(2)`). */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const result: CommandLine = { configFile: null, overrides: [], help: false, problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument : argument.slice(0, equals);
    const value = equals === -1 ? null : argument.slice(equals + 1);
    if (argument === '--help' || argument === '-h') {
      result.help = true;
    } else if (name === '--config') {
      // `--config PATH` takes the next argument, unless that is clearly another option.
      const path = value ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);
      if (path) result.configFile = path;
      else result.problems.push(`${argument}: expected a config file path, e.g. --config ./scheduler.yaml`);
    } else if (name === SPRING_LOCATION) {
      const located = value === null ? { problem: 'expected =file:///path/to/app.properties' } : springLocation(value);
      if ('path' in located) result.configFile = located.path;
      else result.problems.push(`${argument}: ${located.problem}`);
    } else if (argument.startsWith('--') && name.length > 2) {
      const parsed = parseKeyPath(name.slice(2));
      if (parsed.ok) result.overrides.push({ argument, path: parsed.path, value: value ?? true });
      else result.problems.push(`${argument}: malformed setting name: ${parsed.reason}`);
    } else {
      result.problems.push(`${argument}: unexpected argument; give settings as --key=value and the file as --config PATH`);
    }
  }
  return result;
}

/**
 * Spring's location syntax, as far as a single file goes: `file:///abs/path`, `file:relative`,
 * or a plain path. Spring's `classpath:` and lists of locations have no meaning here.
 */
function springLocation(location: string): { path: string } | { problem: string } {
  if (location === '') return { problem: 'expected a file location, e.g. file:///etc/scheduler/app.properties' };
  if (location.includes(',')) return { problem: 'only one config file can be given' };
  if (location.startsWith('classpath:')) return { problem: 'classpath: locations do not exist here; give a file path' };
  if (location.startsWith('file://')) {
    try {
      return { path: fileURLToPath(location) };
    } catch (error) {
      return { problem: `not a valid file URL (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  return { path: location.startsWith('file:') ? location.slice('file:'.length) : location };
}
