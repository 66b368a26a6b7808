/**
 * How jobs are described to clients: simpod's `/metrics` inputs and the native API's job list.
 */
import type { ArgumentSpec } from '../jobs/argument-spec.js';
import type { Job } from '../jobs/job.js';
import { canExecute, canRead } from '../requests/permissions.js';
import { REQUEST_TYPES } from './query-target.js';

export interface SimpodPayload {
  name: string;
  label?: string;
  type: 'select' | 'multi-select' | 'input' | 'textarea';
  placeholder?: string;
  width?: number;
  options?: Array<{ label: string; value: string }>;
}

export interface SimpodMetric {
  label: string;
  value: string;
  payloads: SimpodPayload[];
}

export function simpodMetric(job: Job): SimpodMetric {
  const types = job.runOnly ? ['run'] : REQUEST_TYPES;
  const payloads: SimpodPayload[] = [
    { name: 'type', label: 'Request', type: 'select', placeholder: 'run', options: types.map((type) => ({ label: type, value: type })) },
  ];
  if (!job.runOnly) payloads.push({ name: 'label', label: 'Label', type: 'input', placeholder: 'optional name for a submitted request' });
  for (const [name, spec] of Object.entries(job.argumentSpecs ?? {})) payloads.push(argumentPayload(name, spec));
  return { label: job.description ? `${job.name} — ${job.description}` : job.name, value: job.name, payloads };
}

function argumentPayload(name: string, spec: ArgumentSpec): SimpodPayload {
  const hint = [spec.description, spec.default !== undefined ? `default ${JSON.stringify(spec.default)}` : null, spec.required ? 'required' : null]
    .filter(Boolean)
    .join('; ');
  const payload: SimpodPayload = { name, label: name, type: 'input', ...(hint ? { placeholder: hint } : {}) };
  if (spec.type === 'boolean') return { ...payload, type: 'select', options: ['true', 'false'].map((value) => ({ label: value, value })) };
  if (spec.values) {
    return { ...payload, type: spec.multiple ? 'multi-select' : 'select', options: spec.values.map((value) => ({ label: String(value), value: String(value) })) };
  }
  return payload;
}

/** The native API's view of a job, with what the caller may do with it. */
export function jobDescription(job: Job, user: string) {
  return {
    name: job.name,
    type: job.type,
    description: job.description,
    runOnly: job.runOnly,
    arguments: job.argumentSpecs,
    fixedArguments: Object.keys(job.fixedArgs),
    timeoutSec: job.timeoutSec,
    cacheTTLMins: job.cacheTTLMins,
    permissions: { execute: canExecute(job, user), read: canRead(job, user) },
  };
}
