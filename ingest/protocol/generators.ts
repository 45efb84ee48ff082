import { recordMessage, stateMessage, type AirbyteMessage } from "./messages.ts";

/** Maps what a generator yields, passing its return value (a stream's new state) through. */
export async function* mapYielded<T, U, R>(source: AsyncGenerator<T, R>, fn: (item: T) => U): AsyncGenerator<U, R> {
  for (let next = await source.next(); ; next = await source.next()) {
    if (next.done) return next.value;
    yield fn(next.value);
  }
}

/** Everything a generator yields, and what it returns. */
export async function drain<T, R>(source: AsyncGenerator<T, R>): Promise<{ items: T[]; result: R }> {
  const items: T[] = [];
  for (let next = await source.next(); ; next = await source.next()) {
    if (next.done) return { items, result: next.value };
    items.push(next.value);
  }
}

/** The RECORD messages of one stream's read, then its STATE message with the state it returned. */
export async function* streamMessages<S>(
  namespace: string,
  stream: string,
  records: AsyncGenerator<Record<string, unknown>, S>,
  committed: (state: S) => unknown,
): AsyncGenerator<AirbyteMessage> {
  let count = 0;
  for (let next = await records.next(); ; next = await records.next()) {
    if (next.done) {
      yield stateMessage(namespace, stream, committed(next.value), count);
      return;
    }
    count++;
    yield recordMessage(namespace, stream, next.value);
  }
}
