/** The server's version, read once from its package.json (shown in health and the OpenAPI document). */
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const SCHEDULER_VERSION = packageJson.version;
