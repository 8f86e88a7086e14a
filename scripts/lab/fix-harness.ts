// Scans and fix jobs on the lab, as the server runs them, for integration tests: the lab's audit role reads, the
// lab's fixer and owner roles (or the accounts' own users) write.
import { expect } from "vitest";
import type { FixTargets } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { iterateFixItems } from "@/lib/db/fix-items";
import type { PlanContext } from "@/lib/fix/plan";
import type { Strategy } from "@/lib/fix/strategy";
import { runFixJob, type FixRunOptions } from "@/lib/jobs/fix-runner";
import { createPlannedJob, subjectOf } from "@/lib/jobs/fixes";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import type { Lab } from "./lab-env";

/** A full scan of the bucket through the audit role (every version with `versions`), completed. */
export async function scanned(lab: Lab, db: Db, bucket: string, versions = false) {
  const { scanId } = prepareScan(
    db,
    {
      connectionId: null,
      target: lab.target(lab.roles.audit.profile),
      bucket,
      prefix: "",
      mode: "full",
      versions,
      concurrency: 8,
    },
    false,
  );
  const scan = await runScan(db, scanId);
  expect(scan.status).toBe("completed");
  return scan;
}

export type FixOptions = {
  requested?: Exclude<Strategy, "enforce"> | null;
  /** false: no write identity for the bucket owner. */
  owner?: boolean;
  ownerProfile?: string;
  fixer?: string;
  keepPublicGrants?: boolean;
  /** Only these keys of the scan. */
  keys?: string[];
  concurrency?: number;
  /** The connection the job is of (a watched bucket's checker matches the job's writes by it). */
  connectionId?: string;
};

/** Plans a fix of the scan's foreign findings as the server would (without running it); answers the job's ID. */
export function planFixJob(lab: Lab, db: Db, bucket: string, scanId: number, opts: FixOptions = {}) {
  const owner = opts.owner === false ? null : lab.target(opts.ownerProfile ?? lab.roles.owner.profile);
  const targets: FixTargets = {
    bucketOwnerId: lab.bucketOwner.canonicalId,
    read: lab.target(lab.roles.audit.profile),
    owner,
    fixers: { [lab.writer.canonicalId]: lab.target(opts.fixer ?? lab.roles.fix.profile) },
  };
  const context: PlanContext = {
    bucketOwnerId: lab.bucketOwner.canonicalId,
    fixers: new Set([lab.writer.canonicalId]),
    ownerCanWrite: owner !== null,
    accountName: (id) => id,
    versioning: "Disabled",
    keepPublicGrants: opts.keepPublicGrants,
  };
  const subjects = [...iterateFindings(db, scanId)]
    .filter((f) => f.owner.id !== lab.bucketOwner.canonicalId)
    .filter((f) => !opts.keys || opts.keys.includes(f.key))
    .map(subjectOf);
  return createPlannedJob(db, {
    connectionId: opts.connectionId ?? null,
    scanId,
    bucket,
    targets,
    concurrency: opts.concurrency ?? 4,
    actor: "test",
    subjects,
    requested: opts.requested ?? null,
    context,
  });
}

/** Runs (or resumes) a job; answers it and its items by key (the first version of each key where there are more). */
export async function runJob(db: Db, jobId: number, options: FixRunOptions = {}) {
  const job = await runFixJob(db, jobId, { partBytes: 5 * 1024 * 1024, ...options });
  const items = [...iterateFixItems(db, jobId)];
  return { job, items: new Map(items.map((i) => [i.key, i])), all: items };
}
