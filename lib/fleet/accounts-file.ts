// An accounts file, for a fleet without AWS Organizations (or an organization Ownerscope may not read): JSON (an
// array of accounts, or {"accounts": [...]}) or CSV with a header line naming the columns. Pure: the caller reads
// the file (bounded) and passes its text.
import { formatIssues } from "@/lib/errors";
import { parseCsvLine } from "@/lib/inventory/rows";
import { accountsFileRowSchema, type AccountsFileRow } from "@/lib/schemas/fleet";

/** The largest accounts file read: far above any organization's (AWS caps one at a few thousand accounts). */
export const MAX_ACCOUNTS_FILE_BYTES = 8 * 1024 * 1024;
const MAX_ROWS = 100_000;
const CSV_COLUMNS = ["id", "name", "role", "externalId", "profile", "ou"] as const;

export class AccountsFileError extends Error {}

function checked(rows: unknown[], where: (i: number) => string): AccountsFileRow[] {
  if (rows.length > MAX_ROWS) throw new AccountsFileError(`more than ${MAX_ROWS} accounts`);
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const parsed = accountsFileRowSchema.safeParse(row);
    if (!parsed.success) throw new AccountsFileError(`${where(i)}: ${formatIssues(parsed.error.issues)}`);
    if (seen.has(parsed.data.id))
      throw new AccountsFileError(`${where(i)}: account ${parsed.data.id} is listed twice`);
    seen.add(parsed.data.id);
    return parsed.data;
  });
}

function parseCsv(text: string): AccountsFileRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "" && !line.startsWith("#"));
  const header = parseCsvLine(lines[0] ?? "").map((h) => h.trim());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0 || !header.includes("id") || !header.includes("name"))
    throw new AccountsFileError(
      `the first line must name the columns (id and name, and any of ${CSV_COLUMNS.slice(2).join(", ")})` +
        (unknown.length > 0 ? `; unknown: ${unknown.join(", ")}` : ""),
    );
  const rows = lines.slice(1).map((line) => {
    const fields = parseCsvLine(line);
    const row: Record<string, string | null> = {};
    header.forEach((h, i) => (row[h] = fields[i]?.trim() ? fields[i]!.trim() : null));
    return row;
  });
  return checked(rows, (i) => `line ${i + 2}`);
}

/** The accounts a file lists, or an AccountsFileError naming the first thing wrong (and where). */
export function parseAccountsFile(text: string): AccountsFileRow[] {
  if (text.length > MAX_ACCOUNTS_FILE_BYTES) throw new AccountsFileError("the file is larger than 8 MiB");
  const trimmed = text.trimStart();
  if (!trimmed.startsWith("[") && !trimmed.startsWith("{")) return parseCsv(text);
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw new AccountsFileError(`not JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(value) ? value : (value as { accounts?: unknown }).accounts;
  if (!Array.isArray(list))
    throw new AccountsFileError('expected an array of accounts, or {"accounts": [...]}');
  return checked(list, (i) => `account ${i + 1}`);
}
