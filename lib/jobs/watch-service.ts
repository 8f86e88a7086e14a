import "server-only";
import type { Db } from "@/lib/db";
import { LiveChecker, type AfterCheck } from "@/lib/jobs/watch-checker";

// One checker per process, kept on globalThis: the intake's route and the server's start share it.
const globalForWatch = globalThis as unknown as { ownerscopeLiveChecker?: LiveChecker };

/** Starts the live checker of this process (the web server), once. */
export function startWatchService(db: Db, afterCheck?: AfterCheck): LiveChecker {
  globalForWatch.ownerscopeLiveChecker ??= new LiveChecker(db, { afterCheck }).start();
  return globalForWatch.ownerscopeLiveChecker;
}

/** Events were stored: the checker looks at once (without a checker, the next start drains them). */
export function wakeWatchService(): void {
  globalForWatch.ownerscopeLiveChecker?.wake();
}
