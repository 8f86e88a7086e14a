import type { ObjectStatus } from "@/lib/audit/types";

/**
 * Each status in words, the same wherever it appears (badges, chips, filters, legend, drawer): its name, the risk in
 * one line, and what the operator can do about it. docs/ownership.md has the longer account.
 */
export const statusText: Record<ObjectStatus, { label: string; risk: string; remedy: string }> = {
  owned: {
    label: "owned",
    risk: "The bucket owner owns it: the bucket's policies apply to it.",
    remedy: "Nothing to do.",
  },
  "foreign-full-control": {
    label: "foreign, full control",
    risk: "Another account owns it; the bucket owner has full control through its ACL, but the bucket's policies do not apply to it.",
    remedy: "Take ownership (Fix copies it in place), or enforce the bucket owner.",
  },
  "foreign-readable": {
    label: "foreign, readable",
    risk: "Another account owns it; the bucket owner can read it but not change who may.",
    remedy: "Take ownership (Fix copies it in place), or enforce the bucket owner.",
  },
  "foreign-locked": {
    label: "foreign, locked",
    risk: "You cannot read it: another account owns it and grants the bucket owner nothing.",
    remedy:
      "Only that account's fixer can grant or re-put it (add one to the connection), or enforce the bucket owner.",
  },
  unknown: {
    label: "unknown",
    risk: "The checks could not decide (throttled, timed out, or an answer Ownerscope does not know).",
    remedy: "Its reason says what failed; scan again.",
  },
};
