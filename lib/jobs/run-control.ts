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
 * stored). Resolves once the producer has finished and every worker has stopped; a producer's failure is thrown
 * after that too, with what was still queued dropped.
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
    try {
      for (let item = await queue.take(); item; item = await queue.take()) {
        if ((await o.work(item)) === false) return;
      }
    } catch (error) {
      // One worker's failure ends the run: the others finish what they hold and take nothing more.
      queue.clear();
      throw error;
    }
  });
  try {
    await o.produce((item) => queue.push(item));
    queue.close();
  } catch (error) {
    // A producer that fails stops the run, but only once the items in hand are done: a job that ended while a
    // worker still wrote could be resumed next to it, two runners on the same keys.
    queue.clear();
    await allStopped(workers);
    throw error;
  }
  await allStopped(workers);
}

/** Waits for every worker, even after one failed, and throws the first failure. */
async function allStopped(workers: Promise<void>[]) {
  const results = await Promise.allSettled(workers);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
}
