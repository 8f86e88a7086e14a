import { BOFC } from "@/lib/audit/policy";
import { compareKeys, cutText } from "@/lib/keys";
import type { LoggedRequest } from "@/lib/migrate/requests";

/** What the logs say of one requester: what it did, where, when, and whether it leans on ACLs. */
export type RequesterEvidence = {
  requester: string;
  accountId: string | null;
  requests: number;
  firstSeen: string;
  lastSeen: string;
  /** Operation name → count (the most frequent kept; the rest counted under "other"). */
  operations: Record<string, number>;
  /** Key prefix (up to two folders deep) → count. */
  prefixes: Record<string, number>;
  /** Reads that only an ACL allowed (aclRequired): they fail once ACLs stop applying. */
  readsThroughAcl: number;
  /** Writes that only an ACL allowed (a bucket ACL grant): they fail once ACLs stop applying. */
  writesThroughAcl: number;
  /** Requests that sent an ACL other than bucket-owner-full-control: refused once ACLs are disabled. */
  writesWithOtherAcl: number;
  /** The ACLs it sent, other than bucket-owner-full-control. */
  aclsSent: string[];
};

export type Evidence = {
  sources: { accessLogLines: number; cloudTrailRecords: number; skipped: number; files: number };
  from: string | null;
  to: string | null;
  requesters: RequesterEvidence[];
  /** Requesters past the bound (their distinct names counted up to the bound again), and their requests. */
  otherRequesters: number;
  otherRequests: number;
  /** Why the reading did not read every file whole (a bound, a cancel, an error), or null. */
  partial?: string | null;
};

/** Bounds: the tally's memory depends on these, never on how many lines the logs hold. */
export const EVIDENCE_BOUNDS = { requesters: 5000, operations: 40, prefixes: 25, acls: 10 } as const;
const OTHER = "(other)";

/** Where a key sits, for grouping: its first two folders ("exports/2026/"), or "" at the top level; at most 200 characters. */
export function prefixOf(key: string | null): string {
  if (!key) return "";
  const parts = key.split("/");
  const prefix = parts.length <= 1 ? "" : `${parts.slice(0, Math.min(2, parts.length - 1)).join("/")}/`;
  return prefix.length > 200 ? `${cutText(prefix, 199)}…` : prefix;
}

function bump(counts: Record<string, number>, name: string, bound: number) {
  if (counts[name] !== undefined || Object.keys(counts).length < bound)
    counts[name] = (counts[name] ?? 0) + 1;
  else counts[OTHER] = (counts[OTHER] ?? 0) + 1;
}

/** Counts requests per requester in memory bounded by EVIDENCE_BOUNDS, whatever the logs' size. */
export class EvidenceTally {
  private readonly byRequester = new Map<string, RequesterEvidence>();
  private otherRequesters = new Set<string>();
  private otherCount = 0;
  private readonly sources = { accessLogLines: 0, cloudTrailRecords: 0, skipped: 0, files: 0 };
  private from: string | null = null;
  private to: string | null = null;

  /** `onRequest` sees every request of the bucket and window too (the writers' tally reads the same logs). */
  constructor(
    private readonly window: { bucket: string; since: string | null },
    private readonly onRequest?: (r: LoggedRequest) => void,
  ) {}

  file() {
    this.sources.files++;
  }

  skip() {
    this.sources.skipped++;
  }

  add(r: LoggedRequest | null) {
    if (!r || r.bucket !== this.window.bucket || (this.window.since && r.time < this.window.since)) {
      this.sources.skipped++;
      return;
    }
    this.onRequest?.(r);
    if (r.source === "access-log") this.sources.accessLogLines++;
    else this.sources.cloudTrailRecords++;
    if (!this.from || r.time < this.from) this.from = r.time;
    if (!this.to || r.time > this.to) this.to = r.time;

    let e = this.byRequester.get(r.requester);
    if (!e) {
      if (this.byRequester.size >= EVIDENCE_BOUNDS.requesters) {
        // Distinct names past the bound are counted, up to the same bound again, then only as requests.
        if (this.otherRequesters.size < EVIDENCE_BOUNDS.requesters) this.otherRequesters.add(r.requester);
        this.otherCount++;
        return;
      }
      e = {
        requester: r.requester,
        accountId: r.accountId,
        requests: 0,
        firstSeen: r.time,
        lastSeen: r.time,
        operations: {},
        prefixes: {},
        readsThroughAcl: 0,
        writesThroughAcl: 0,
        writesWithOtherAcl: 0,
        aclsSent: [],
      };
      this.byRequester.set(r.requester, e);
    }
    e.requests++;
    if (r.time < e.firstSeen) e.firstSeen = r.time;
    if (r.time > e.lastSeen) e.lastSeen = r.time;
    bump(e.operations, r.operation.slice(0, 128), EVIDENCE_BOUNDS.operations);
    bump(e.prefixes, prefixOf(r.key), EVIDENCE_BOUNDS.prefixes);
    // A refused request relied on nothing: it is counted, and says nothing of ACLs.
    if (r.httpStatus !== null && r.httpStatus >= 400) return;
    if (r.aclRequired && r.kind === "read") e.readsThroughAcl++;
    if (r.aclRequired && (r.kind === "write" || r.kind === "acl-write")) e.writesThroughAcl++;
    const otherAcl = r.aclSent !== null && r.aclSent !== BOFC;
    // An access log cannot show the header: a PutObjectAcl it records is an ACL write all the same.
    if (otherAcl || (r.source === "access-log" && r.kind === "acl-write")) {
      e.writesWithOtherAcl++;
      const sent = r.aclSent ?? "an ACL (PutObjectAcl / PutBucketAcl)";
      if (!e.aclsSent.includes(sent) && e.aclsSent.length < EVIDENCE_BOUNDS.acls) e.aclsSent.push(sent);
    }
  }

  result(): Evidence {
    return {
      sources: { ...this.sources },
      from: this.from,
      to: this.to,
      requesters: [...this.byRequester.values()].sort(
        (a, b) => b.requests - a.requests || compareKeys(a.requester, b.requester),
      ),
      otherRequesters: this.otherRequesters.size,
      otherRequests: this.otherCount,
    };
  }
}

/** Requesters that still lean on ACLs: what enforcing would break, by the logs. */
export const dependsOnAcls = (e: RequesterEvidence) =>
  e.readsThroughAcl + e.writesThroughAcl + e.writesWithOtherAcl > 0;

/** What aclRequired cannot see, said wherever the evidence is shown. */
export const EVIDENCE_BLIND_SPOT =
  "aclRequired marks requests that an ACL authorized. A write from another account that the bucket policy allows " +
  "carries no flag whether or not it sends bucket-owner-full-control, and an access log does not record the ACL a " +
  "PutObject sent: only CloudTrail's request parameters show it.";
