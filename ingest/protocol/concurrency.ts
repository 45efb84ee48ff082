/**
 * Runs several async generators at once (at most `limit`) and yields their items as they come.
 * Each producer waits until its item is taken, so a slow consumer slows the producers down.
 */
export async function* mergeConcurrently<T>(producers: Iterable<() => AsyncIterable<T>>, limit: number): AsyncGenerator<T> {
  const pending = producers[Symbol.iterator]();
  const buffer: Array<{ value: T; taken: () => void }> = [];
  let wake: (() => void) | undefined;
  let failure: { error: unknown } | undefined;
  let finished = false;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  const worker = async () => {
    for (let next = pending.next(); !next.done && !failure; next = pending.next()) {
      for await (const value of next.value()) {
        await new Promise<void>((taken) => {
          buffer.push({ value, taken });
          signal();
        });
        if (failure) return;
      }
    }
  };
  Promise.all(Array.from({ length: Math.max(1, limit) }, worker)).then(
    () => ((finished = true), signal()),
    (error: unknown) => ((failure = { error }), signal()),
  );
  for (;;) {
    // a failed producer ends the read at once; what it lands before is kept, its state is not advanced
    if (failure) throw failure.error;
    const item = buffer.shift();
    if (item) {
      yield item.value;
      item.taken();
      continue;
    }
    if (finished) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}

/** Maps items through an async function with at most `limit` calls in flight, yielding results in input order. */
export async function* mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (inFlight.length < limit && next < items.length) {
      const promise = fn(items[next++]!);
      promise.catch(() => undefined); // awaited below in order; this only stops an unhandled-rejection report
      inFlight.push(promise);
    }
  };
  fill();
  while (inFlight.length > 0) {
    const result = await inFlight.shift()!;
    fill();
    yield result;
  }
}
