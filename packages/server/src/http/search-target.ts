/**
 * The original's `/search` target language: dot-separated names, each optionally followed by
 * `?k=v&k=v`. The one it defines is `requests.labels?source=S&tempLabel=T`, the caller's labels.
 */
export interface LabelsQuery {
  source: string | undefined;
  tempLabel: string | undefined;
}

/** The labels query a target asks for, or null when it asks for something else (job names). */
export function parseLabelsQuery(target: unknown): LabelsQuery | null {
  if (typeof target !== 'string') return null;
  const [first, second, ...rest] = target.split('.');
  if (first !== 'requests' || second === undefined || rest.length > 0) return null;
  const [name, query = ''] = splitOnce(second, '?');
  if (name !== 'labels') return null;
  const params = new URLSearchParams(query);
  return { source: params.get('source') ?? undefined, tempLabel: params.get('tempLabel') ?? undefined };
}

function splitOnce(text: string, separator: string): [string, string?] {
  const index = text.indexOf(separator);
  return index < 0 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}

/** `*` first, then the caller's labels, then the typed label if new: the original's order. */
export function labelChoices(labels: string[], tempLabel: string | undefined): string[] {
  const choices = ['*', ...labels.filter((label) => label !== '*')];
  if (tempLabel && !choices.includes(tempLabel)) choices.push(tempLabel);
  return choices;
}
