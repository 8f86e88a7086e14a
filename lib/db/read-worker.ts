import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Db } from "@/lib/db";
import { AppError } from "@/lib/errors";

// Reads waiting for the reader thread at most; more are refused (429) rather than queued without end.
const MAX_WAITING = 64;

type Pending = { resolve: (rows: unknown[]) => void; reject: (error: Error) => void };
type Reader = { worker: Worker; pending: Map<number, Pending>; next: number };

const globalForReaders = globalThis as unknown as { ownerscopeReaders?: Map<string, Reader> };
const readers = (globalForReaders.ownerscopeReaders ??= new Map());

function readerFor(file: string): Reader {
  const reader = readers.get(file);
  if (reader) return reader;
  const worker = new Worker(path.join(process.cwd(), "scripts/db-read-worker.mjs"), { workerData: { file } });
  const created: Reader = { worker, pending: new Map(), next: 0 };
  worker.on("message", ({ id, rows, error }: { id: number; rows?: unknown[]; error?: string }) => {
    const p = created.pending.get(id);
    created.pending.delete(id);
    if (error !== undefined) p?.reject(new Error(error));
    else p?.resolve(rows ?? []);
  });
  // A worker that stops fails what it had, and the next read starts a new one.
  const fail = (error: Error) => {
    if (readers.get(file) === created) readers.delete(file);
    for (const p of created.pending.values()) p.reject(error);
    created.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("the database reader stopped")));
  worker.unref();
  readers.set(file, created);
  return created;
}

/**
 * Runs a read-only query in a worker thread with its own connection to the database file, so that a count or a
 * GROUP BY over a million findings keeps no other request waiting. An in-memory database (tests) is read here.
 */
export function readOffThread<T>(db: Db, sql: string, params: Record<string, unknown>): Promise<T[]> {
  if (db.memory) return Promise.resolve(db.prepare(sql).all(params) as T[]);
  const reader = readerFor(db.name);
  if (reader.pending.size >= MAX_WAITING)
    return Promise.reject(
      new AppError("too_many_requests", "The server is busy reading: try again in a moment."),
    );
  const id = reader.next++;
  return new Promise<T[]>((resolve, reject) => {
    reader.pending.set(id, { resolve: resolve as (rows: unknown[]) => void, reject });
    reader.worker.postMessage({ id, sql, params });
  });
}
