import "server-only";
import type { Db } from "@/lib/db";
import { repoThread } from "@/lib/jobs/background-scans";
import { Watching } from "@/lib/jobs/watching";
import type { Worker } from "node:worker_threads";

// Watching's heap: a bounded queue of checks and one alert's summary at a time.
const WATCH_HEAP_MB = 128;
// A thread that died is started again after this long (what arrived meanwhile waits in the database).
const RESTART_MS = 1_000;

type Service = { wake: () => void; deliver: () => void };

// One per process, kept on globalThis: the intake's route and the server's start share it.
const globalForWatch = globalThis as unknown as { ownerscopeWatching?: Service };

/**
 * Watching in a worker thread of its own (scripts/watch-thread.mjs), so that checking fifty arrivals a second and
 * summing up alerts keeps no request waiting; started again if it dies. An in-memory database (tests) cannot be
 * opened from another thread: there, watching runs on this one.
 */
function threadService(db: Db): Service {
  let worker: Worker | null = null;
  const start = () => {
    worker = repoThread("watch-thread.mjs", { file: db.name }, WATCH_HEAP_MB);
    worker.unref();
    worker.once("error", (error) => console.error("[ownerscope] the watch thread failed", error));
    worker.once("exit", (code) => {
      worker = null;
      if (code === 0) return;
      console.error(`[ownerscope] the watch thread exited with code ${code}; starting it again`);
      setTimeout(start, RESTART_MS).unref();
    });
  };
  start();
  return { wake: () => worker?.postMessage("wake"), deliver: () => worker?.postMessage("deliver") };
}

/** Starts watching for this process (the web server), once. */
export function startWatchService(db: Db): void {
  if (globalForWatch.ownerscopeWatching) return;
  if (db.memory) {
    const watching = new Watching(db).start();
    globalForWatch.ownerscopeWatching = {
      wake: () => watching.checker.wake(),
      deliver: () => watching.deliver(),
    };
  } else globalForWatch.ownerscopeWatching = threadService(db);
}

/** Events were stored: the checker looks at once (without a checker, the next start drains them). */
export function wakeWatchService(): void {
  globalForWatch.ownerscopeWatching?.wake();
}

/** An alert was made outside the checker (a test alert, a resend): send it now. */
export function deliverNow(): void {
  globalForWatch.ownerscopeWatching?.deliver();
}
