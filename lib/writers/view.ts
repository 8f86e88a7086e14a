import { accountOfRequester, type KnownAccount } from "@/lib/migrate/requesters";
import { accountOf } from "@/lib/migrate/requests";
import type { WriterRecord } from "@/lib/schemas/writers";
import { toolById, type Tool } from "@/lib/writers/catalogue";

// What the writers view says of each writer of a bucket: whose account it is, whether it is the bucket owner's own,
// whether its writes carry bucket-owner-full-control, the fix at the source (its tool's setting) and a message for
// the writer's team. Pure: the records, the scan's statuses of their recent keys and the accounts are passed in.

export type NamedAccount = KnownAccount & { name: string };

export type WriterVerdict =
  /** Writes seen without the ACL (CloudTrail), or keys it wrote that the bucket owner cannot read (the scan). */
  | "without-acl"
  /** Every write whose ACL is seen carries it, and none of its keys the scan saw is foreign-locked. */
  | "with-acl"
  /** The logs do not show its ACL, and the scan has none of its keys. */
  | "unknown";

export type WriterView = WriterRecord & {
  /** Position in the bucket's list: `writers show N`. */
  index: number;
  accountName: string | null;
  tool: Pick<Tool, "id" | "name"> | null;
  verdict: WriterVerdict;
  /** Of its recent keys the scan saw: how many the bucket owner cannot read, and how many it saw at all. */
  lockedKeys: number;
  seenKeys: number;
  fix: Tool["fix"] | null;
  message: string;
  /** Writes per day over the last 14 days of the record, oldest first. */
  trend: { day: string; writes: number }[];
};

export type WritersContext = {
  bucket: string;
  /** The bucket owner's canonical ID (from its scan) and 12-digit account, where known. */
  ownerCanonicalId: string | null;
  ownerAccountId: string | null;
  accounts: NamedAccount[];
  /** Each of the writers' recent keys in the bucket's newest scan: its status and its owner's canonical ID. */
  objectOfKey: (key: string) => { status: string; ownerId: string | null } | null;
};

const GENERIC_FIX = {
  where: "every request that writes an object (PutObject, CopyObject, CreateMultipartUpload)",
  example: "x-amz-acl: bucket-owner-full-control",
  source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl",
};

/** Is the writer the bucket owner's own account? null when that cannot be told. */
export function isOwnWriter(w: WriterRecord, c: WritersContext): boolean | null {
  if (w.canonicalId && c.ownerCanonicalId) return w.canonicalId === c.ownerCanonicalId;
  const known = accountOfRequester(c.accounts, w.principal, w.accountId);
  if (known && c.ownerCanonicalId) return known.canonicalId === c.ownerCanonicalId;
  const account = w.accountId ?? accountOf(w.principal);
  if (account && c.ownerAccountId) return account === c.ownerAccountId;
  return null;
}

function trendOf(days: Record<string, number>): { day: string; writes: number }[] {
  const names = Object.keys(days).sort();
  const last = names.at(-1);
  if (!last) return [];
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: 14 }, (_, i) => {
    const day = new Date(end - (13 - i) * 86_400_000).toISOString().slice(0, 10);
    return { day, writes: days[day] ?? 0 };
  });
}

function messageFor(w: WriterRecord, c: WritersContext, tool: Tool | null, fix: Tool["fix"]): string {
  const who = [w.principal, w.session && `session ${w.session}`].filter(Boolean).join(", ");
  const where = Object.keys(w.prefixes).filter((p) => p !== "(other)");
  const place = `s3://${c.bucket}/${where.length === 1 ? where[0] : ""}`;
  return [
    `Objects written into ${place} by ${tool ? `${tool.name} running as ` : ""}${who} are owned by your account, so the bucket's owner cannot read them.`,
    `Please have it send the canned ACL bucket-owner-full-control with every write: ${fix.where}, for example`,
    `  ${fix.example}`,
    `(documented at ${fix.source}). The last such write we saw was ${w.lastWithoutBofc ?? w.lastWrite}.`,
  ].join("\n");
}

/**
 * The bucket's writers that are not known to be its owner's own, most writes without the ACL first; and how many
 * of the owner's own were left out.
 */
export function writersView(records: WriterRecord[], c: WritersContext) {
  const views: WriterView[] = [];
  let own = 0;
  for (const w of records) {
    if (isOwnWriter(w, c) === true) {
      own++;
      continue;
    }
    // Only the keys the scan says this writer's account owns tell of its writes: a key someone else owns now (the
    // owner after a fix, another writer since) says nothing of what this one sent.
    const canonical =
      w.canonicalId ?? accountOfRequester(c.accounts, w.principal, w.accountId)?.canonicalId ?? null;
    const statuses = w.recentKeys
      .map(c.objectOfKey)
      .filter((o) => o !== null && canonical !== null && o.ownerId === canonical)
      .map((o) => o!.status);
    // A writer known from the scan alone is judged by everything its account owns there, not by a sample.
    const lockedKeys = w.owned?.locked ?? statuses.filter((s) => s === "foreign-locked").length;
    const seenKeys = w.owned?.objects ?? statuses.length;
    const verdict: WriterVerdict =
      w.withoutBofc > 0 || lockedKeys > 0
        ? "without-acl"
        : w.withBofc > 0 || seenKeys > 0
          ? "with-acl"
          : "unknown";
    const tool = w.toolId ? (toolById.get(w.toolId) ?? null) : null;
    const fix = tool?.fix ?? GENERIC_FIX;
    const account = (accountOfRequester(c.accounts, w.principal, w.accountId) ??
      c.accounts.find((a) => a.canonicalId === canonical) ??
      null) as NamedAccount | null;
    views.push({
      ...w,
      index: 0,
      canonicalId: canonical,
      accountName: account?.name ?? null,
      tool: tool && { id: tool.id, name: tool.name },
      verdict,
      lockedKeys,
      seenKeys,
      fix: tool?.fix ?? null,
      message: messageFor(w, c, tool, fix),
      trend: trendOf(w.days),
    });
  }
  const rank = { "without-acl": 0, unknown: 1, "with-acl": 2 } as const;
  views.sort(
    (a, b) => rank[a.verdict] - rank[b.verdict] || b.withoutBofc - a.withoutBofc || b.writes - a.writes,
  );
  views.forEach((v, i) => (v.index = i + 1));
  return { writers: views, ownWriters: own };
}

/** What a writer's counts are, by where it was seen: writes in the logs, arrivals in events, objects in a scan. */
export function countsOf(w: WriterView): string {
  if (w.sources.includes("scan"))
    return `${w.writes} objects its account owns in the newest scan, ${w.lockedKeys} of them unreadable by the owner`;
  if (w.sources.includes("events"))
    return `${w.writes} arrivals in the live record, ${w.lockedKeys} of them unreadable by the owner`;
  return `${w.writes} writes (${w.withoutBofc} without the ACL, ${w.withBofc} with it, ${w.aclUnseen} unseen)`;
}

/** What is said of a writer whose tool is not known, by where it was seen. */
export function unknownToolOf(w: WriterView): string {
  if (w.sources.includes("scan"))
    return "Known from the scan alone: read the bucket's logs to learn its tool";
  if (w.sources.includes("events")) return "Named by the bucket's events: read its logs to learn its tool";
  return "No User-Agent recorded";
}
