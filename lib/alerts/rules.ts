// How long an immediate rule gathers a burst before it alerts (the tick looks again every second).
export const COALESCE_MS = 1_000;

/** What a rule has not yet seen of a bucket's live record: how many alerting findings, the first one's check time. */
export type UnseenFindings = { total: number; firstCheckedAt: string | null };

/** What of a rule decides when it fires: how many findings, how often, and since when. */
export type AlertTerms = {
  threshold: number;
  digestMinutes: number | null;
  lastAlertAt: string | null;
  createdAt: string;
};

/**
 * When an alert fires, in one place: "alert" with enough unseen findings once the digest period has passed (or, for
 * an immediate rule, once the first one has waited a moment for those right behind it); "skip" when there is nothing
 * to see (the rule's cursor moves on); else "wait".
 */
export function decideAlert(rule: AlertTerms, unseen: UnseenFindings, now: Date): "alert" | "skip" | "wait" {
  if (unseen.total === 0) return "skip";
  if (unseen.total < rule.threshold) return "wait";
  if (rule.digestMinutes !== null) {
    const since = Date.parse(rule.lastAlertAt ?? rule.createdAt);
    return now.getTime() - since < rule.digestMinutes * 60_000 ? "wait" : "alert";
  }
  const first = unseen.firstCheckedAt === null ? now.getTime() : Date.parse(unseen.firstCheckedAt);
  return now.getTime() - first < COALESCE_MS ? "wait" : "alert";
}
