/**
 * The `rest` job's own keys under `jobsConfigList[N].config`, validated at start. Values may
 * arrive as text (properties files, the command line), so numbers and booleans are read from
 * text too; `${ENV}` references are already resolved by the config loader.
 */
import { z } from 'zod';
import {
  booleanSetting,
  choiceSetting,
  numberSetting,
  optional,
  textSetting,
  withDefault,
} from '../../config/setting-schemas.js';
import { COLUMN_TYPES } from '../../domain.js';
import { listOf } from '../../jobs/argument-spec.js';
import { parseUriTemplate } from './uri-template.js';

/** Grafana's data proxy gives up after 30 s, so a run gains nothing from waiting longer; submits may. */
const DEFAULT_REQUEST_TIMEOUT_SEC = 30;
/** Big enough for any dashboard table, small enough that a runaway API cannot exhaust memory. */
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Enough for http→https and a trailing-slash fix; more usually means a loop. */
const DEFAULT_MAX_REDIRECTS = 3;

const uriSetting = z.unknown().transform((value, context) => {
  const parsed = typeof value === 'string' ? parseUriTemplate(value) : { problem: value === undefined ? 'required: an absolute http:// or https:// URL' : 'expected an absolute http:// or https:// URL' };
  if ('base' in parsed) return parsed;
  context.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/** `host` or `host:port`, as redirect targets are compared (lower case). */
const redirectHost = textSetting({ expected: 'a host name or host:port, such as cdn.example.com or 10.0.0.5:8443', pattern: /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/ }).transform((host) => host.toLowerCase());

const declaredColumn = z
  .object({
    name: textSetting({ expected: 'a column name', pattern: /\S/ }),
    selector: optional(textSetting({ expected: 'a JSONPath into each record, such as $.address.city', pattern: /\S/ })),
    type: optional(choiceSetting(COLUMN_TYPES)),
  })
  .strict();

export const restConfigSchema = z
  .object({
    uri: uriSetting,
    method: withDefault(choiceSetting(['GET', 'POST'] as const), 'GET'),
    // Checked when the executor is created, where problems can be reported without the value.
    headers: withDefault(z.record(z.string(), z.unknown()), {}),
    requestTimeoutSec: withDefault(numberSetting({ above: 0, max: 3600 }), DEFAULT_REQUEST_TIMEOUT_SEC),
    maxResponseBytes: withDefault(numberSetting({ integer: true, min: 1 }), DEFAULT_MAX_RESPONSE_BYTES),
    maxRedirects: withDefault(numberSetting({ integer: true, min: 0, max: 20 }), DEFAULT_MAX_REDIRECTS),
    allowRedirectHosts: withDefault(listOf(redirectHost), []),
    json: withDefault(booleanSetting(), false),
    rootSelector: optional(textSetting({ expected: 'a JSONPath starting with $, such as $.data.items', pattern: /^\$/ })),
    columns: optional(z.array(declaredColumn).min(1)),
  })
  .strict();

export type RestConfig = z.output<typeof restConfigSchema>;
