/**
 * Takes the first items of a stream to look at (for column inference) without losing them:
 * `rest` yields the sampled items again, then everything after, so only the sample is ever
 * held in memory.
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
  async function* rest(): AsyncGenerator<T> {
    yield* sample;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { sample, rest: rest() };
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: async () => iterator.next() };
}
