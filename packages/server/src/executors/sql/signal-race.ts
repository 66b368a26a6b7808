/**
 * Waiting on a driver while watching the abort signal. A driver call cannot be taken back, so
 * what it delivers after the signal fired (a pooled connection, say) goes to `onLateValue` to
 * be released instead of leaking.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal, onLateValue: (value: T) => void = () => undefined): Promise<T> {
  if (signal.aborted) {
    promise.then(onLateValue, () => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.then(onLateValue, () => undefined);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return; // onAbort already handed the value over
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Settles within `ms`, whatever `promise` does: for best-effort clean-up that must not hang. */
export async function withinMs(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  try {
    await Promise.race([promise.then(() => undefined, () => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
