// For the watching tests: the intake and watching in a process of their own (scripts/lab/intake-server.ts) on a
// database file, to be killed mid-burst and started again, and the S3 event record a gateway would push.
import { spawn, type ChildProcess } from "node:child_process";

/** Starts the intake process on `port` over the database file `dbFile`; resolves once it listens. */
export function startIntakeProcess(dbFile: string, port: number): Promise<ChildProcess> {
  const proc = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/lab/intake-server.ts", dbFile, String(port)],
    { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    proc.stdout!.once("data", () => resolve(proc));
    proc.once("exit", (code) => reject(new Error(`the intake process exited with ${code}`)));
  });
}

/** An object-created record as the Ceph gateway pushes it (keys as they are, not URL-encoded). */
export function gatewayRecord(o: {
  bucket: string;
  key: string;
  writer: string;
  bucketOwner: string;
  etag: string;
  sequencer: string;
}) {
  return {
    eventVersion: "2.2",
    eventSource: "ceph:s3",
    eventName: "ObjectCreated:Put",
    eventTime: new Date().toISOString(),
    userIdentity: { principalId: o.writer },
    s3: {
      bucket: { name: o.bucket, ownerIdentity: { principalId: o.bucketOwner } },
      object: { key: o.key, size: 1, eTag: o.etag, versionId: "", sequencer: o.sequencer },
    },
  };
}
