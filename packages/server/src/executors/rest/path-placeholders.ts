/**
 * Fills the `{name}` placeholders of the configured path with argument values, so that a value
 * can choose *which* item (`/items/{id}`) but never *where*: it is URL-encoded, and a value that
 * would climb or cross path segments is refused before anything is sent.
 *
 * Refused: `.` and `..`, anything containing `/` or `\`, and values that become one of those
 * once percent-decoded (`%2e%2e`, `%2F`, also twice-encoded), because some servers and proxies
 * decode again. `..;x` counts as `..`: Tomcat and Spring drop `;` path parameters.
 */
import type { ArgValue, Args } from '../../domain.js';
import type { UriTemplate } from './uri-template.js';

/** How many rounds of percent-decoding are checked: more than any server we know applies. */
const DECODE_ROUNDS = 3;

/** The path with every placeholder filled, URL-encoded. Throws naming the argument at fault. */
export function fillPathPlaceholders(template: UriTemplate, args: Readonly<Args>): string {
  return template.pathParts
    .map((part) => ('literal' in part ? part.literal : encodeURIComponent(placeholderValue(part.argument, args[part.argument]))))
    .join('');
}

function placeholderValue(name: string, value: ArgValue | undefined): string {
  const refuse = (why: string) =>
    new Error(`argument "${name}" cannot fill {${name}} in the path of the job's uri: ${why}`);
  if (value === undefined) {
    throw refuse(`the request did not give it; declare it in argSet with required: true (or a default)`);
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length !== 1) throw refuse(`a path takes one value, got ${values.length}`);
  const text = String(values[0]);
  if (text === '') throw refuse('it is empty, which would change the path');
  if (decodedForms(text).some(escapesSegment)) {
    throw refuse(`${JSON.stringify(text.slice(0, 60))} would leave its path segment ("." and ".." and values with / or \\ are refused, also percent-encoded)`);
  }
  return text;
}

function escapesSegment(form: string): boolean {
  const segment = form.split(';')[0]!;
  return segment === '.' || segment === '..' || form.includes('/') || form.includes('\\');
}

/** The value as given and as it reads after each round of percent-decoding. */
function decodedForms(text: string): string[] {
  const forms = [text];
  let current = text;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      break; // not valid percent-encoding: no server decodes it into anything else either
    }
    if (decoded === current) break;
    forms.push(decoded);
    current = decoded;
  }
  return forms;
}
