// A worker thread of the server (lib/jobs/watch-service.ts) that runs all of watching: the live checks of arriving
// objects (S3 requests and the parsing of their answers), alert rules and deliveries, schedules, catch-ups, queues
// and fixing by rule, with its own connection to the database. The server's thread only stores events and answers
// requests. Messages: "wake" (events were stored), "deliver" (an alert was made elsewhere), "stop".
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { importFromRepo } from "./register-ts.mjs";

const { openDb } = await importFromRepo("lib/db/index.ts");
const { Watching } = await importFromRepo("lib/jobs/watching.ts");

// Watching is background work: where the machine's cores are busy, the thread that answers requests goes first. On
// Linux a nice value is a thread's own, so this lowers this thread alone (measured by npm run bench:watch).
try {
  os.setPriority(0, 10);
} catch {
  // Not allowed here: the thread runs at the server's priority.
}
const db = openDb(workerData.file);
const watching = new Watching(db).start();
parentPort.on("message", (message) => {
  if (message === "wake") watching.checker.wake();
  else if (message === "deliver") watching.deliver();
  else if (message === "stop")
    void watching.stop().finally(() => {
      db.close();
      parentPort.close();
    });
});
parentPort.postMessage("started");
