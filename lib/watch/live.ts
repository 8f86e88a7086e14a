import type { ObjectStatus } from "@/lib/audit/types";
import { eventRefusal } from "@/lib/watch/arrival";

// The live record's rules for what arrives, in one place: whether an arrival is new, Ownerscope's own fix, the
// bucket owner's or foreign, and which statuses alert.

/** What counts as a problem on arrival: the bucket owner cannot use the object as its own. */
export const ALERTING: readonly ObjectStatus[] = ["foreign-readable", "foreign-locked", "unknown"];

/** An object another account owns, whatever the bucket owner may do with it. */
export const FOREIGN: readonly ObjectStatus[] = [
  "foreign-full-control",
  "foreign-readable",
  "foreign-locked",
];

/** What an event's object is to the live record. */
export type ArrivalOutcome = "missing" | "not-new" | "own-fix" | "owned" | "foreign";

/**
 * What an arrival is, from the object as S3 shows it now (null: it is gone): not new when S3 says it was written
 * before watching began or long before its event came (an event is only someone's word); Ownerscope's own fix when a
 * fix job wrote exactly this (the bucket owner's, or its owner's with full control for the bucket owner; `ownFix`
 * looks the job up); else the bucket owner's, or foreign.
 */
export function arrivalOutcome(
  seen: { status: ObjectStatus; lastModified: string | null } | null,
  event: { receivedAt: string },
  watchingSince: string,
  ownFix: () => boolean,
): ArrivalOutcome {
  if (!seen) return "missing";
  if (eventRefusal(seen.lastModified, event.receivedAt, watchingSince)) return "not-new";
  if ((seen.status === "owned" || seen.status === "foreign-full-control") && ownFix()) return "own-fix";
  return seen.status === "owned" ? "owned" : "foreign";
}

/** Whether a finding of this status alerts: the bucket owner cannot use the object as its own. */
export const isAlerting = (status: ObjectStatus | null) => status !== null && ALERTING.includes(status);
