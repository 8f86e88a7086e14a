import type { Grant } from "@/lib/audit/types";
import { describeGrant } from "@/lib/fix/grants";
import type { AuditRecord } from "@/lib/schemas/fix";

const columns = [
  "id",
  "at",
  "actor",
  "jobId",
  "bucket",
  "key",
  "versionId",
  "action",
  "ownerBefore",
  "accessBefore",
  "ownerAfter",
  "accessAfter",
  "result",
  "reason",
  "grantsBefore",
  "grantsAfter",
] as const;

/** An ACL's grants in one field: "FULL_CONTROL to account-b; READ to account-c" (empty where not read). */
export const grantsText = (grants: Grant[] | null | undefined) =>
  grants ? grants.map((g) => describeGrant(g)).join("; ") : null;

/**
 * RFC 4180 quoting; a leading =, +, - or @ is prefixed with an apostrophe so a spreadsheet never runs a key as a
 * formula. A value that starts with an apostrophe gets one too, so every value is recovered exactly by removing one
 * leading apostrophe wherever there is one (`=1+1` and `'=1+1` stay apart).
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r']/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const auditCsvHeader = `${columns.join(",")}\r\n`;

export const auditCsvLine = (e: AuditRecord) =>
  `${columns
    .map((c) => csvField(c === "grantsBefore" || c === "grantsAfter" ? grantsText(e[c]) : e[c]))
    .join(",")}\r\n`;
