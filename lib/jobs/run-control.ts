import { setMaxListeners } from "node:events";
import { WorkQueue } from "@/lib/jobs/work-queue";

/**
 * A run's own abort signal, aborted too when the caller's is (Ctrl-C, a server stopping it): every request in flight
 * listens on this one signal. `release` unhooks it from the caller's when the run ends.
 */
export function linkedAbort(caller: AbortSignal | undefined, reason: () => unknown) {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const fromCaller = () => controller.abort(reason());
  caller?.addEventListener("abort", fromCaller, { once: true });
  if (caller?.aborted) fromCaller();
  return {
    controller,
    signal: controller.signal,
    release: () => caller?.removeEventListener("abort", fromCaller),
  };
}

/**
 * Workers over a bounded queue that `produce` fills, so memory stays flat however many items there are. A worker
 * stops when `work` answers false; an abort drops what is still queued (those items stay pending where they are
 * stored). Resolves once the producer has finished and every worker has stopped.
 */
export async function runPool<T>(o: {
  concurrency: number;
  capacity: number;
  signal: AbortSignal;
  produce: (push: (item: T) => Promise<void>) => Promise<void>;
  work: (item: T) => Promise<boolean | void>;
}): Promise<void> {
  const queue = new WorkQueue<T>(o.capacity);
  o.signal.addEventListener("abort", () => queue.clear(), { once: true });
  const workers = Array.from({ length: o.concurrency }, async () => {
    for (let item = await queue.take(); item; item = await queue.take()) {
      if ((await o.work(item)) === false) return;
    }
  });
  try {
    await o.produce((item) => queue.push(item));
  } finally {
    queue.close();
  }
  await Promise.all(workers);
}
