/**
 * Checks a job's working directory before each run. Without this, a missing `homeDir` makes the
 * spawn fail with ENOENT naming the *executable*, which sends people looking in the wrong place.
 * Checked per run rather than once at start, because the folder may be a mount that comes later.
 */
import { stat } from 'node:fs/promises';

export async function checkWorkingDirectory(folder: string, configKey: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(folder)).isDirectory();
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be used: ${(error as Error).message}`;
    throw new Error(`the working directory "${folder}" ${reason} (${configKey})`, { cause: error });
  }
  if (!isDirectory) throw new Error(`the working directory "${folder}" is not a folder (${configKey})`);
}
