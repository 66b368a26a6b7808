/**
 * Takes the first items of a stream to look at (for column inference) without losing them:
 * `rest` yields the sampled items again, then everything after, so only the sample is ever
 * held in memory. Once past the sample, `rest` hands on the source's own results: no extra
 * layer per item.
 */
export async function sampleFirst<T>(source: AsyncIterable<T> | Iterable<T>, size: number): Promise<{ sample: T[]; rest: AsyncIterable<T> }> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source[Symbol.iterator]());
  const sample: T[] = [];
  let done = false;
  while (sample.length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    sample.push(next.value);
  }
  let index = 0;
  const rest: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => rest,
    next: () => {
      if (index < sample.length) return Promise.resolve({ done: false, value: sample[index++]! });
      if (done) return Promise.resolve({ done: true, value: undefined });
      return iterator.next();
    },
    return: async () => {
      index = sample.length;
      if (!done) {
        done = true;
        await iterator.return?.();
      }
      return { done: true, value: undefined };
    },
  };
  return { sample, rest };
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next(), return: async () => iterator.return?.() ?? { done: true, value: undefined } };
}
