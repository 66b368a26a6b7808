/**
 * Thrown by `loadConfig` when the command line asks for `--help` or `-h`.
 *
 * An error rather than a flag on the result so that no caller can start a server by accident
 * after help was asked for: main catches it, prints `HELP_TEXT` and exits with status 0.
 */
export class HelpRequested extends Error {
  constructor() {
    super('help requested');
    this.name = 'HelpRequested';
  }
}
