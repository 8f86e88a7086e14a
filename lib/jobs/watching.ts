import "server-only";
import type { Db } from "@/lib/db";
import { startWatchService } from "@/lib/jobs/watch-service";

/** Everything watching runs in the server: the live checker (then alerts and fixing by rule, after each check). */
export function startWatching(db: Db): void {
  startWatchService(db);
}
