// A worker thread of the server (lib/db/read-worker.ts) with its own read-only connection to the database: it runs
// the heavy aggregate reads (counts and folder totals over a million findings) so the server's event loop does not.
import os from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

// A count over a million findings takes a core for a while: on Linux a thread has its own nice value, so this one
// gives way to the server's request thread whenever both want the CPU (as the scan thread does).
os.setPriority(10);

const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
db.pragma("busy_timeout = 5000");
const statements = new Map();

parentPort.on("message", ({ id, sql, params }) => {
  try {
    // Only reads: the connection is read-only as well.
    if (!/^\s*SELECT\b/i.test(sql)) throw new Error("only SELECT statements run here");
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    parentPort.postMessage({ id, rows: statement.all(params) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
