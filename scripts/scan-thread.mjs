// A worker thread of the server (lib/jobs/background-scans.ts) that runs one scan, live or from an inventory report
// (or one reading of logs for evidence, lib/jobs/evidence-job.ts, or a fleet scan, lib/jobs/fleet-scan.ts), with
// its own connection to the database: listing pages are parsed and findings written here, so the server's event
// loop stays free for requests. Progress lives in the database; a "cancel" message stops it at once.
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import { importFromRepo } from "./register-ts.mjs";

const { openDb } = await importFromRepo("lib/db/index.ts");
const { runScan } = await importFromRepo("lib/jobs/scan-runner.ts");
const { runInventoryScan } = await importFromRepo("lib/jobs/inventory.ts");

// A scan is background work: on Linux a thread has its own nice value, so this one thread yields the CPU to the
// server's request thread whenever both want it (a scan keeps its thread busy, and the server shares two cores with
// it), and takes the whole core when the server is idle.
os.setPriority(10);

const controller = new AbortController();
parentPort.on("message", (message) => {
  if (message === "cancel") controller.abort(new Error("cancelled"));
});
const db = openDb(workerData.file);
try {
  const job = workerData.job;
  if (job.kind === "inventory") await runInventoryScan(db, job.request, job.prepared, controller.signal);
  else if (job.kind === "fleet") {
    const { runFleetScan } = await importFromRepo("lib/jobs/fleet-scan.ts");
    await runFleetScan(db, job.runId, { signal: controller.signal });
  } else if (job.kind === "evidence") {
    // Loaded only for a reading of logs: a scan thread does not pay for compiling what it does not run.
    const { runEvidenceJob } = await importFromRepo("lib/jobs/evidence-job.ts");
    await runEvidenceJob(db, job.jobId, controller.signal);
  } else await runScan(db, job.scanId, { signal: controller.signal });
} finally {
  db.close();
  parentPort.close();
}
