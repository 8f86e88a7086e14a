import type { AuditRecord } from "@/lib/db/fixes";

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
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs a key as a formula. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const auditCsvHeader = `${columns.join(",")}\r\n`;

export const auditCsvLine = (e: AuditRecord) => `${columns.map((c) => csvField(e[c])).join(",")}\r\n`;
