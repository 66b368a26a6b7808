/**
 * One Grafana query target, read from either protocol into one shape:
 * - the original's SimpleJSON form: `{ target, refId, data: { type, target, args, label, source } }`;
 * - simpod's JSON datasource form: `{ target, refId, payload: { type, label, source, args, …} }`,
 *   where every payload key that is not reserved is an argument (that is how simpod's query
 *   builder sends the inputs `/metrics` advertised).
 * A `user` field in either is ignored: identity comes only from the X-Grafana-User header.
 */
import { BadRequestError } from '../errors.js';
import { describeJsonSyntaxError, SENT_TEXT_LOCATE_LIMIT } from '../json-syntax-problem.js';

export const REQUEST_TYPES = ['run', 'submit', 'get', 'status', 'cancel'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Payload keys that are not arguments. */
const RESERVED_PAYLOAD_KEYS = new Set(['type', 'label', 'source', 'args', 'target', 'user', 'rerun']);

export interface QueryTarget {
  refId: string | undefined;
  type: RequestType;
  /** The job; empty for a `status` that lists the caller's requests. */
  job: string;
  args: Record<string, unknown>;
  label: unknown;
  source: unknown;
  rerun: boolean;
}

export function readQueryTarget(raw: Record<string, unknown>, index: number): QueryTarget {
  const refId = typeof raw.refId === 'string' ? raw.refId : undefined;
  const where = `targets[${index}]${refId ? ` (refId ${refId})` : ''}`;
  const fromData = raw.data !== undefined && raw.data !== null;
  const details = objectField(fromData ? raw.data : raw.payload, `${where}.${fromData ? 'data' : 'payload'}`);

  const type = readType(details.type, where);
  const job = typeof details.target === 'string' && details.target !== '' ? details.target : typeof raw.target === 'string' ? raw.target : '';
  let args = details.args === undefined || details.args === null ? {} : objectField(details.args, `${where}.args`);
  if (!fromData) {
    const inline = Object.entries(details).filter(([key, value]) => !RESERVED_PAYLOAD_KEYS.has(key) && value !== '' && value !== undefined);
    if (inline.length > 0) args = { ...Object.fromEntries(inline), ...args };
  }
  if (details.rerun !== undefined && typeof details.rerun !== 'boolean') throw new BadRequestError(`${where}: rerun must be true or false`);
  if (job === '' && type !== 'status') throw new BadRequestError(`${where}: no job given; set the target to one of the jobs POST /scheduler/search lists`);
  return { refId, type, job, args, label: details.label, source: details.source, rerun: details.rerun === true };
}

function readType(type: unknown, where: string): RequestType {
  if (type === undefined || type === null || type === '') return 'run';
  if (type === 'system') return 'status'; // the original's name
  if (typeof type === 'string' && (REQUEST_TYPES as readonly string[]).includes(type)) return type as RequestType;
  throw new BadRequestError(`${where}: unknown request type ${JSON.stringify(type)}; expected one of ${REQUEST_TYPES.join(', ')} (or system)`);
}

/** An object field; simpod's editor may send the payload as JSON text, which is parsed. */
function objectField(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') {
    const text = value;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      throw new BadRequestError(`${where} is not valid JSON: ${describeJsonSyntaxError(error, text, 'it', SENT_TEXT_LOCATE_LIMIT)}`);
    }
  }
  if (typeof value !== 'object' || Array.isArray(value) || value === null) throw new BadRequestError(`${where} must be a JSON object`);
  return value as Record<string, unknown>;
}
