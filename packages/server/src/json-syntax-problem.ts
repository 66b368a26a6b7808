/**
 * What is wrong with text that JSON.parse refused, said so that the sender can fix it: the line
 * and column of the problem, the text around it, and how the text starts; text that ends in the
 * middle of a value is said to look truncated. One wording for every JSON Scheduler reads: API
 * answers, programs' output, request bodies and payload fields.
 */

/** Characters of the text quoted in the message. */
const QUOTE_LENGTH = 60;
/**
 * V8 does not always say where the problem is ("Unexpected token ']'"); we then find it by
 * parsing prefixes, a binary search: one parse per halving, some twenty for a megabyte. Longer
 * texts are not searched: for a message that costs too much.
 */
const LOCATE_LIMIT = 4 * 1024 * 1024;
/**
 * The same for text that anyone may send (request bodies): a bad request must not cost the
 * server much more than a good one.
 */
export const SENT_TEXT_LOCATE_LIMIT = 64 * 1024;

/** `subject` names the text in the message: "the answer", "stdout", "the body", "it". */
export function describeJsonSyntaxError(error: SyntaxError, json: string, subject: string, locateLimit = LOCATE_LIMIT): string {
  const starts = `${subject} starts with ${quote(json.slice(0, QUOTE_LENGTH))}`;
  if (needsMoreInput(error.message, json.trimEnd().length)) {
    const { line, column } = lineAndColumn(json, json.length);
    return `${subject} ends in the middle of a JSON value, at line ${line}, column ${column} (after ${json.length} characters): it looks truncated; ${starts}`;
  }
  const position = reportedPosition(error.message) ?? (json.length <= locateLimit ? locateProblem(json) : undefined);
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
function locateProblem(json: string): number {
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
