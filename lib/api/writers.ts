import "server-only";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { readPostureFacts } from "@/lib/aws/scan-io";
import type { Db } from "@/lib/db";
import { listAccounts } from "@/lib/db/connections";
import { newestWholeBucketScan } from "@/lib/db/scans";
import { latestWriters, statusesOfKeys } from "@/lib/db/writers";
import { guardrailsFor } from "@/lib/writers/guardrails";
import { writersView, type NamedAccount } from "@/lib/writers/view";

// A bucket's writers as the view and `ownerscope writers` show them: the newest reading of its logs, judged against
// its newest whole-bucket scan (whose keys the bucket owner cannot read), with the fix at each writer's source and
// the guardrail that would stop them all, merged into the bucket's current policy.

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

const ACCOUNT = /^(?:\d{12}|arn:aws[a-z-]*:iam::(\d{12}):root)$/;

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
  const keys = snapshot?.writers.flatMap((w) => w.recentKeys) ?? [];
  const statuses = scan ? statusesOfKeys(db, scan.id, keys) : new Map<string, string>();
  const { writers, ownWriters } = writersView(snapshot?.writers ?? [], {
    bucket: q.bucket,
    ownerCanonicalId: scan?.bucketOwnerId ?? null,
    ownerAccountId,
    accounts,
    statusOfKey: (key) => statuses.get(key) ?? null,
  });
  let currentPolicy: string | null = null;
  let policyUnread: string | null = q.target ? null : "no identity to read it with";
  if (q.target) {
    try {
      const facts = await readPostureFacts(s3For(q.target), q.bucket);
      if (facts.policy.kind === "ok") currentPolicy = facts.policy.document;
      else policyUnread = facts.policy.reason;
    } catch (error) {
      policyUnread = (error as Error).message;
    }
  }
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
      currentPolicy,
      policyUnread,
      writers,
    }),
  };
}

export type BucketWriters = Awaited<ReturnType<typeof bucketWriters>>;
