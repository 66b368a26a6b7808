/**
 * The message for an answer that is not a success: status, reason and the start of the body,
 * which is where APIs explain themselves ("quota exceeded", a stack trace, an HTML error page).
 */
import { STATUS_CODES } from 'node:http';
import { readBodyStart, type BodyReading } from './response-body.js';
import { targetName } from './target-name.js';

/** Characters of the body quoted: enough for an API's explanation, short enough for a panel. */
const BODY_START_CHARACTERS = 300;
/** Bytes read for it: a UTF-8 character takes up to 4. */
const BODY_START_BYTES = BODY_START_CHARACTERS * 4;

export async function statusFailure(reading: BodyReading): Promise<Error> {
  const { response, url } = reading;
  const reason = response.statusText || STATUS_CODES[response.status] || '';
  const text = (await readBodyStart(reading, BODY_START_BYTES)).replace(/\s+/g, ' ').trim();
  const body = text === '' ? '(empty body)' : text.length > BODY_START_CHARACTERS ? `${text.slice(0, BODY_START_CHARACTERS)}…` : text;
  return new Error(`HTTP ${response.status}${reason ? ` ${reason}` : ''} from ${targetName(url)}: ${body}`);
}
