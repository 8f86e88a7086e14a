// Whether a writer stopped writing without bucket-owner-full-control since its team says it changed the setting.
// Pure: what each source saw after that date is passed in. A write the logs show without the ACL, or an object its
// account wrote since that the bucket owner cannot read, says it did not stop; writes seen since, all with the ACL
// or readable, say it did; nothing seen since says nothing yet.

export type SinceEvidence = {
  /** CloudTrail: the newest write without the ACL (the record keeps it), and whether the logs read reach past the date. */
  lastWithoutAcl: string | null;
  logsTo: string | null;
  /** Writes the logs saw after the date with the ACL (CloudTrail), counted only when the record says so. */
  lastWithAcl: string | null;
  /** The scans finished after the date: its account's objects written since that any of them saw locked, and those
   * the newest (its finishedAt) sees readable. */
  scan: { finishedAt: string; locked: number; lastLocked: string | null; readable: number } | null;
  /** The live record: its account's objects that arrived since, locked, readable, and fixed before judged. */
  live: { locked: number; lastLocked: string | null; readable: number; unjudged: number } | null;
};

export type StoppedState =
  /** Something written since the date was sent without the ACL. */
  | "still-writing"
  /** Writes were seen since the date, and every one carried the ACL or is readable by the bucket owner. */
  | "stopped"
  /** Nothing read covers a write since the date: read the logs again, or wait for a scan or an event. */
  | "not-seen-yet";

export type Stopped = { state: StoppedState; changedAt: string; evidence: string[] };

export function stoppedSince(changedAt: string, e: SinceEvidence): Stopped {
  const bad: string[] = [];
  const good: string[] = [];
  if (e.lastWithoutAcl && e.lastWithoutAcl > changedAt)
    bad.push(`CloudTrail shows a write without the ACL at ${e.lastWithoutAcl}`);
  if (e.scan && e.scan.locked > 0)
    bad.push(
      `the bucket's scans since found ${e.scan.locked} of its objects written since that the owner could not read (the newest written ${e.scan.lastLocked})`,
    );
  if (e.live && e.live.locked > 0)
    bad.push(
      `${e.live.locked} of its objects arrived since that the owner cannot read (the newest ${e.live.lastLocked})`,
    );
  if (bad.length > 0) return { state: "still-writing", changedAt, evidence: bad };
  // An arrival fixed before anyone saw how it came may have come without the ACL: nothing says it stopped then.
  if (e.live && e.live.unjudged > 0)
    return {
      state: "not-seen-yet",
      changedAt,
      evidence: [
        `${e.live.unjudged} of its arrivals since ${e.live.unjudged === 1 ? "was" : "were"} fixed before they could be judged: wait for its next writes`,
      ],
    };
  if (e.lastWithAcl && e.lastWithAcl > changedAt)
    good.push(`CloudTrail shows writes with the ACL since (the newest ${e.lastWithAcl})`);
  if (e.scan && e.scan.readable > 0)
    good.push(
      `the scan of ${e.scan.finishedAt} found ${e.scan.readable} of its objects written since, all readable`,
    );
  if (e.live && e.live.readable > 0)
    good.push(`${e.live.readable} of its objects arrived since, all readable`);
  if (good.length > 0) return { state: "stopped", changedAt, evidence: good };
  const looked = [
    e.logsTo && e.logsTo > changedAt ? `the logs up to ${e.logsTo}` : null,
    e.scan ? `the scan of ${e.scan.finishedAt}` : null,
    e.live ? "the live record" : null,
  ].filter((s): s is string => s !== null);
  return {
    state: "not-seen-yet",
    changedAt,
    evidence: [
      looked.length > 0
        ? `no write of it since in ${looked.join(", ")}`
        : "nothing read since that date: read the logs again, scan the bucket or watch it",
    ],
  };
}
