import "server-only";
import { requireConnection } from "@/lib/api/browse";
import { readEvidenceHere, terminalContext } from "@/lib/api/terminal-migration";
import { readPolicyText } from "@/lib/aws/bucket-settings";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import type { PartialTarget } from "@/lib/aws/resolve-target";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import { newestWholeBucketScan } from "@/lib/db/scans";
import { watchedBucket } from "@/lib/db/watch";
import {
  eventWriters,
  latestWriters,
  liveWritesSince,
  noteWriterChange,
  objectsOfKeys,
  scanOwners,
  scanWritesSince,
  writerChanges,
} from "@/lib/db/writers";
import { AppError } from "@/lib/errors";
import type { Evidence } from "@/lib/migrate/evidence";
import { accountOfRequester } from "@/lib/migrate/requesters";
import type { WriterChange } from "@/lib/schemas/writers";
import { guardrailsFor } from "@/lib/writers/guardrails";
import { stoppedSince, type Stopped } from "@/lib/writers/stopped";
import { unloggedWriters } from "@/lib/writers/unlogged";
import { writersView, type NamedAccount, type WriterView } from "@/lib/writers/view";

// A bucket's writers as the view and `ownerscope writers` show them: the newest reading of its logs, judged against
// its newest whole-bucket scan (whose keys the bucket owner cannot read), with the fix at each writer's source and
// the guardrail that would stop them all, merged into the bucket's current policy; and, for a writer whose team
// changed its setting on a date an operator recorded, whether it stopped writing without the ACL since.

export type WritersQuery = {
  connectionId: string | null;
  bucket: string;
  /** Reads the bucket's current policy, for the guardrail merged into it; null: the statement alone. */
  target: AwsTarget | null;
  /** The bucket owner's 12-digit account, where the connection's accounts do not say it. */
  ownerAccountId?: string | null;
  /** Canonical ID → account ID or ARN, as `--principal` gives them in a terminal. */
  principals?: Record<string, string>;
};

/** Writers known only from events, and foreign accounts known only from the scan, shown at most. */
const UNLOGGED = 50;

const ACCOUNT = /^(?:\d{12}|arn:aws[a-z-]*:iam::(\d{12}):root)$/;

/** The bucket's policy, for the guardrail merged into it; why not, where it cannot be read. */
async function policyOf(
  q: WritersQuery,
): Promise<{ currentPolicy: string | null; policyUnread: string | null }> {
  if (!q.target) return { currentPolicy: null, policyUnread: "no identity to read it with" };
  try {
    return { currentPolicy: await readPolicyText(s3For(q.target), q.bucket), policyUnread: null };
  } catch (error) {
    return { currentPolicy: null, policyUnread: (error as Error).message };
  }
}

/** Each writer with whether it stopped since the date its setting changed, where an operator recorded one. */
function withStopped(
  db: Db,
  q: WritersQuery,
  logsTo: string | null,
  scan: { id: number; finishedAt: string | null } | null,
  writers: WriterView[],
): (WriterView & { stopped: Stopped | null })[] {
  const changes = q.connectionId ? writerChanges(db, q.connectionId, q.bucket) : new Map<string, string>();
  const watched = q.connectionId ? watchedBucket(db, q.connectionId, q.bucket) : undefined;
  const stoppedOf = (w: WriterView, changedAt: string): Stopped =>
    stoppedSince(changedAt, {
      lastWithoutAcl: w.lastWithoutBofc,
      lastWithAcl: w.lastWithBofc,
      logsTo,
      scan:
        scan?.finishedAt && scan.finishedAt > changedAt && w.canonicalId
          ? {
              finishedAt: scan.finishedAt,
              ...scanWritesSince(
                db,
                { connectionId: q.connectionId, bucket: q.bucket, newestScanId: scan.id },
                w.canonicalId,
                changedAt,
              ),
            }
          : null,
      live:
        watched && q.connectionId && w.canonicalId
          ? liveWritesSince(db, q.connectionId, q.bucket, w.canonicalId, changedAt)
          : null,
    });
  return writers.map((w) => {
    // Recorded for this writer, or for its account when another source named it then.
    const changedAt =
      changes.get(w.id) ?? (w.canonicalId ? changes.get(`account\n${w.canonicalId}`) : undefined);
    return { ...w, stopped: changedAt ? stoppedOf(w, changedAt) : null };
  });
}

export async function bucketWriters(db: Db, q: WritersQuery) {
  const snapshot = latestWriters(db, q.connectionId, q.bucket);
  const scan = newestWholeBucketScan(db, q.connectionId, q.bucket) ?? null;
  const accounts: NamedAccount[] = [
    ...(q.connectionId ? listAccounts(db, q.connectionId) : []),
    ...Object.entries(q.principals ?? {}).map(([canonicalId, principal]) => ({
      canonicalId,
      principal,
      name: principal,
    })),
  ];
  const owner = accounts.find((a) => a.canonicalId === scan?.bucketOwnerId);
  const ownerPrincipal = owner?.principal && ACCOUNT.exec(owner.principal);
  const ownerAccountId =
    q.ownerAccountId ?? (ownerPrincipal ? (ownerPrincipal[1] ?? owner!.principal) : null);
  const logged = snapshot?.writers ?? [];
  const records = [
    ...logged,
    ...unloggedWriters({
      logged: new Set(
        logged
          .map((w) => w.canonicalId ?? accountOfRequester(accounts, w.principal, w.accountId)?.canonicalId)
          .filter((id): id is string => !!id),
      ),
      events: q.connectionId ? eventWriters(db, q.connectionId, q.bucket, UNLOGGED) : [],
      owners: scan?.bucketOwnerId ? scanOwners(db, scan.id, scan.bucketOwnerId, UNLOGGED) : [],
      accounts,
    }),
  ];
  const keys = records.flatMap((w) => w.recentKeys);
  const objects = scan ? objectsOfKeys(db, scan.id, keys) : new Map<string, never>();
  const judged = writersView(records, {
    bucket: q.bucket,
    ownerCanonicalId: scan?.bucketOwnerId ?? null,
    ownerAccountId,
    accounts,
    objectOfKey: (key) => objects.get(key) ?? null,
  });
  const { ownWriters } = judged;
  const writers = withStopped(db, q, snapshot?.to ?? null, scan, judged.writers);
  const policy = await policyOf(q);
  return {
    bucket: q.bucket,
    logs: snapshot && {
      from: snapshot.from,
      to: snapshot.to,
      readAt: snapshot.at,
      partial: snapshot.partial,
      otherWrites: snapshot.otherWrites,
    },
    scan: scan && { id: scan.id, finishedAt: scan.finishedAt },
    writers,
    ownWriters,
    guardrails: guardrailsFor({
      bucket: q.bucket,
      ownerAccountId,
      ...policy,
      writers,
    }),
  };
}

export type BucketWriters = Awaited<ReturnType<typeof bucketWriters>>;

/**
 * Records the date a writer's team says it changed its setting (null forgets it): the view then says whether the
 * writer stopped writing without the ACL since. Only a writer the writers view shows.
 */
export async function noteChange(
  db: Db,
  c: { connectionId: string; bucket: string; by: string },
  change: WriterChange,
): Promise<{ writerId: string; changedAt: string | null }> {
  requireConnection(db, c.connectionId);
  // A date is forgotten whether or not its writer is still shown (its ID changes when logs come to name it).
  if (change.changedAt === null) {
    noteWriterChange(db, { ...c, writerId: change.writerId, canonicalId: null, changedAt: null });
    return change;
  }
  const view = await bucketWriters(db, { connectionId: c.connectionId, bucket: c.bucket, target: null });
  const writer = view.writers.find((w) => w.id === change.writerId);
  if (!writer)
    throw new AppError(
      "not_found",
      "No such writer of this bucket (in its logs, its events or its newest scan).",
    );
  noteWriterChange(db, {
    ...c,
    writerId: writer.id,
    canonicalId: writer.canonicalId,
    changedAt: change.changedAt,
  });
  return change;
}

/**
 * `ownerscope writers` in a terminal: the logs named are read first (their writers stored as the bucket's newest),
 * then the bucket's writers as the view shows them, judged against its newest scan in this data directory.
 */
export async function writersHere(
  db: Db,
  q: {
    bucket: string;
    read: PartialTarget;
    logsProfile?: string;
    accessLogs?: string;
    cloudTrail?: string;
    metadataJournal?: string;
    since?: string;
    principals: Record<string, string>;
    ownerAccountId?: string;
    actor: string;
  },
): Promise<BucketWriters & { read: Evidence["sources"] | null }> {
  const ctx = await terminalContext(db, { ...q, logsProfile: q.logsProfile });
  const evidence =
    q.accessLogs || q.cloudTrail || q.metadataJournal
      ? await readEvidenceHere(ctx, {
          accessLogs: q.accessLogs ?? null,
          cloudTrail: q.cloudTrail ?? null,
          metadataJournal: q.metadataJournal ?? null,
          since: q.since ?? null,
        })
      : null;
  const view = await bucketWriters(db, {
    connectionId: null,
    bucket: q.bucket,
    target: ctx.owner,
    ownerAccountId: q.ownerAccountId ?? null,
    principals: q.principals,
  });
  return { ...view, read: evidence?.sources ?? null };
}
