/**
 * A fresh temporary folder per test, removed afterwards: config files are real files, read the
 * way the server reads them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export interface TempDir {
  readonly path: string;
  /** Writes `text` to `name` in the folder and returns the file's absolute path. */
  write(name: string, text: string): Promise<string>;
}

/** Registers the folder's creation and removal around each test of the calling suite. */
export function useTempDir(): TempDir {
  let path = '';
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), 'scheduler-config-'));
  });
  afterEach(async () => {
    await rm(path, { recursive: true, force: true });
  });
  return {
    get path() {
      return path;
    },
    async write(name, text) {
      const file = join(path, name);
      await writeFile(file, text);
      return file;
    },
  };
}
