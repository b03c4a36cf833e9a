/**
 * Maps `items` through `work` with at most `limit` calls in flight, and hands each result to
 * `emit` in the order of `items` as soon as it and all before it are done. At most `limit`
 * results wait for an earlier one, so memory stays bounded however many items there are.
 */
export async function mapOrdered<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  emit: (result: R, index: number) => Promise<void> | void,
): Promise<void> {
  const pending = new Map<number, R>();
  let nextToStart = 0;
  let nextToEmit = 0;
  let emitting: Promise<void> = Promise.resolve();

  const flush = async (): Promise<void> => {
    while (pending.has(nextToEmit)) {
      const result = pending.get(nextToEmit) as R;
      pending.delete(nextToEmit);
      await emit(result, nextToEmit);
      nextToEmit++;
    }
  };

  const worker = async (): Promise<void> => {
    while (nextToStart < items.length) {
      const index = nextToStart++;
      const result = await work(items[index] as T, index);
      pending.set(index, result);
      emitting = emitting.then(flush);
      // Wait for the emitter when results pile up behind a slow one (or a slow reader of stdout).
      if (pending.size > limit) await emitting;
    }
  };

  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  await emitting.then(flush);
}
