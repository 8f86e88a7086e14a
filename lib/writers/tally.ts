import { BOFC } from "@/lib/audit/policy";
import { compareKeys, cutText } from "@/lib/keys";
import { prefixOf } from "@/lib/migrate/evidence";
import { roleOfSession } from "@/lib/migrate/requesters";
import type { LoggedRequest } from "@/lib/migrate/requests";
import type { WriterRecord } from "@/lib/schemas/writers";
import { identify } from "@/lib/writers/catalogue";

// Who wrote objects into a bucket, from the requests the logs record: each writer is a principal (a role, whatever
// session it used, unless the session is a managed service's own), the tool its User-Agent names, and what it wrote.
// Memory is bounded by WRITER_BOUNDS whatever the logs hold; strings are cut where they are kept. Past the bound the
// heaviest writers are kept: the tally holds up to twice the bound, and when full drops its lighter half (their
// writes counted as not shown), so a writer heavy enough to matter is never crowded out by those that came first.

export type { WriterRecord };

export const WRITER_BOUNDS = { writers: 200, prefixes: 10, days: 60, keys: 20, text: 512 } as const;

// The requests that make an object: a PUT, a copy, a multipart upload's completion (its start only prepares one).
const OBJECT_WRITES = new Set([
  "REST.PUT.OBJECT",
  "REST.COPY.OBJECT",
  "REST.POST.UPLOAD",
  "PutObject",
  "CopyObject",
  "CompleteMultipartUpload",
  // S3 Metadata's journal: a row that created an object, however it was written.
  "CREATE",
]);
// Ceph's session ARNs carry no account (arn:aws:sts:::assumed-role/ROLE/SESSION).
const SESSION = /^arn:aws[a-z-]*:sts::(?:\d{12})?:assumed-role\/[^/]+\/(.+)$/;
const OTHER = "(other)";

/** The writer a request is: its principal (the role for a session), a managed service's session, and its tool. */
export function writerOf(r: Pick<LoggedRequest, "requester" | "userAgent" | "invokedBy">) {
  const sessionName = SESSION.exec(r.requester)?.[1] ?? null;
  const identified = identify({ userAgent: r.userAgent, session: sessionName, invokedBy: r.invokedBy });
  const serviceSession = identified?.tool.session && sessionName ? sessionName : null;
  const principal = cutText(roleOfSession(r.requester), WRITER_BOUNDS.text);
  return {
    id: [principal, serviceSession ?? "", identified?.tool.id ?? ""].join("\n"),
    principal,
    session: serviceSession,
    identified,
  };
}

function bump(counts: Record<string, number>, name: string, bound: number) {
  if (counts[name] !== undefined || Object.keys(counts).length < bound)
    counts[name] = (counts[name] ?? 0) + 1;
  else counts[OTHER] = (counts[OTHER] ?? 0) + 1;
}

/** Keeps the newest `bound` days. */
function bumpDay(days: Record<string, number>, day: string) {
  days[day] = (days[day] ?? 0) + 1;
  const names = Object.keys(days);
  if (names.length > WRITER_BOUNDS.days) delete days[names.sort()[0]!];
}

export class WritersTally {
  private readonly byId = new Map<string, WriterRecord>();
  private otherWrites = 0;

  /** A request of the bucket's logs (the caller keeps to its bucket and window): counted when it made an object. */
  add(r: LoggedRequest) {
    if (!OBJECT_WRITES.has(r.operation)) return;
    if (r.httpStatus !== null && r.httpStatus >= 300) return;
    const w = writerOf(r);
    let e = this.byId.get(w.id);
    if (!e) {
      if (this.byId.size >= 2 * WRITER_BOUNDS.writers) this.dropLighterHalf();
      e = {
        id: w.id,
        principal: w.principal,
        accountId: r.accountId,
        session: w.session,
        toolId: w.identified?.tool.id ?? null,
        toolVersion: null,
        job: null,
        userAgent: null,
        invokedBy: r.invokedBy,
        firstWrite: r.time,
        lastWrite: r.time,
        writes: 0,
        bytes: 0,
        withoutBofc: 0,
        lastWithoutBofc: null,
        withBofc: 0,
        lastWithBofc: null,
        aclUnseen: 0,
        prefixes: {},
        days: {},
        recentKeys: [],
        sources: [],
        canonicalId: null,
        owned: null,
      };
      this.byId.set(w.id, e);
    }
    e.writes++;
    e.bytes += r.bytes ?? 0;
    if (r.time < e.firstWrite) e.firstWrite = r.time;
    if (r.time >= e.lastWrite) {
      e.lastWrite = r.time;
      e.userAgent = r.userAgent;
      e.toolVersion = w.identified?.version ?? e.toolVersion;
      e.job = w.identified?.job ?? e.job;
    }
    const completes = r.operation === "REST.POST.UPLOAD" || r.operation === "CompleteMultipartUpload";
    // Only CloudTrail records the ACL a write sent.
    if (r.source !== "cloudtrail" || completes) e.aclUnseen++;
    else if (r.aclSent === BOFC) {
      e.withBofc++;
      if (!e.lastWithBofc || r.time > e.lastWithBofc) e.lastWithBofc = r.time;
    } else {
      e.withoutBofc++;
      if (!e.lastWithoutBofc || r.time > e.lastWithoutBofc) e.lastWithoutBofc = r.time;
    }
    bump(e.prefixes, prefixOf(r.key), WRITER_BOUNDS.prefixes);
    bumpDay(e.days, r.time.slice(0, 10));
    if (r.key && !e.recentKeys.includes(r.key)) {
      e.recentKeys.push(cutText(r.key, 1024));
      if (e.recentKeys.length > WRITER_BOUNDS.keys) e.recentKeys.shift();
    }
    if (!e.sources.includes(r.source)) e.sources.push(r.source);
  }

  private heaviestFirst() {
    return [...this.byId.values()].sort((a, b) => b.writes - a.writes || compareKeys(a.id, b.id));
  }

  private dropLighterHalf() {
    for (const e of this.heaviestFirst().slice(WRITER_BOUNDS.writers)) {
      this.otherWrites += e.writes;
      this.byId.delete(e.id);
    }
  }

  /** The heaviest writers, at most the bound, and the writes of those not kept. */
  result(): { writers: WriterRecord[]; otherWrites: number } {
    const all = this.heaviestFirst();
    const writers = all.slice(0, WRITER_BOUNDS.writers);
    const dropped = all.slice(WRITER_BOUNDS.writers).reduce((n, e) => n + e.writes, 0);
    return { writers, otherWrites: this.otherWrites + dropped };
  }
}
