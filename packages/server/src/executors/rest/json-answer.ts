/**
 * Parses an API's JSON answer, and when it is not JSON says so and where (json-syntax-problem.ts):
 * enough to tell a truncated answer from an HTML error page from a stray byte without
 * reproducing the call.
 */
import { describeJsonSyntaxError } from '../../json-syntax-problem.js';

export function parseJsonAnswer(text: string, target: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is not JSON, but harmless
  if (json.trim() === '') throw new Error(`invalid JSON from ${target}: the answer is empty`);
  try {
    return JSON.parse(json);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new Error(`invalid JSON from ${target}: ${describeJsonSyntaxError(error, json, 'the answer')}`, { cause: error });
  }
}
