import type { ObjectStatus } from "@/lib/audit/types";

// The live record's words for what arrives: which statuses make a problem, which mean another account owns it.

/** What counts as a problem on arrival: the bucket owner cannot use the object as its own. */
export const ALERTING: readonly ObjectStatus[] = ["foreign-readable", "foreign-locked", "unknown"];

/** An object another account owns, whatever the bucket owner may do with it. */
export const FOREIGN: readonly ObjectStatus[] = [
  "foreign-full-control",
  "foreign-readable",
  "foreign-locked",
];
