/**
 * Parses an API's JSON answer, and when it is not JSON says so and where: the line and column
 * of the problem, the text around it and how the answer starts — enough to tell a truncated
 * answer from an HTML error page from a stray byte without reproducing the call.
 */

/** Characters of the answer quoted in the message. */
const QUOTE_LENGTH = 60;
/**
 * V8 does not always say where the problem is ("Unexpected token ']'"); we then find it by
 * parsing prefixes (a binary search). Above this size that costs too much for a message.
 */
const LOCATE_LIMIT = 4 * 1024 * 1024;

export function parseJsonAnswer(text: string, target: string): unknown {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM is not JSON, but harmless
  if (json.trim() === '') throw new Error(`invalid JSON from ${target}: the answer is empty`);
  try {
    return JSON.parse(json);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new Error(`invalid JSON from ${target}: ${describeSyntaxError(error, json)}`, { cause: error });
  }
}

function describeSyntaxError(error: SyntaxError, json: string): string {
  const starts = `the answer starts with ${quote(json.slice(0, QUOTE_LENGTH))}`;
  if (needsMoreInput(error.message, json.trimEnd().length)) {
    const { line, column } = lineAndColumn(json, json.length);
    return `the answer ends in the middle of a JSON value, at line ${line}, column ${column} (after ${json.length} characters): it looks truncated; ${starts}`;
  }
  const position = reportedPosition(error.message) ?? locateProblem(json);
  const problem = withoutV8Location(error.message);
  if (position === undefined) return `${problem}; ${starts}`;
  const { line, column } = lineAndColumn(json, position);
  return `${problem} at line ${line}, column ${column}, near ${quote(json.slice(Math.max(0, position - 20), position + 20))}; ${starts}`;
}

function reportedPosition(message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** True when the text was fine up to its end: more input could have completed it. */
function needsMoreInput(message: string, length: number): boolean {
  if (message.includes('end of JSON input')) return true;
  const position = reportedPosition(message);
  return position !== undefined && position >= length;
}

/** The index of the first character that makes the text invalid, by parsing its prefixes. */
function locateProblem(json: string): number | undefined {
  if (json.length > LOCATE_LIMIT) return undefined;
  const invalid = (length: number): boolean => {
    try {
      JSON.parse(json.slice(0, length));
      return false;
    } catch (error) {
      return !needsMoreInput((error as Error).message, length);
    }
  };
  let fine = 0; // a prefix known not to hold the problem
  let bad = json.length; // a prefix known to hold it
  while (bad - fine > 1) {
    const middle = Math.floor((fine + bad) / 2);
    if (invalid(middle)) bad = middle;
    else fine = middle;
  }
  return bad - 1;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  return { line: before.split('\n').length, column: position - before.lastIndexOf('\n') };
}

/** V8's message without its own position and quotation, which ours replace. */
function withoutV8Location(message: string): string {
  return message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '').replace(/(?: in JSON)? at position \d+.*$/s, '');
}

function quote(text: string): string {
  return JSON.stringify(text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text);
}
