import "server-only";
import type { Db } from "@/lib/db";
import { Watching } from "@/lib/jobs/watching";

// One per process, kept on globalThis: the intake's route and the server's start share it.
const globalForWatch = globalThis as unknown as { ownerscopeWatching?: Watching };

/** Starts watching in this process (the web server), once. */
export function startWatchService(db: Db): Watching {
  globalForWatch.ownerscopeWatching ??= new Watching(db).start();
  return globalForWatch.ownerscopeWatching;
}

/** Events were stored: the checker looks at once (without a checker, the next start drains them). */
export function wakeWatchService(): void {
  globalForWatch.ownerscopeWatching?.checker.wake();
}

/** An alert was made outside the checker (a test alert, a resend): send it now. */
export function deliverNow(): void {
  globalForWatch.ownerscopeWatching?.deliver();
}
