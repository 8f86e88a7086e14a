import { statusText } from "@/lib/audit/status-text";
import type { ObjectStatus } from "@/lib/audit/types";
import { formatBytes } from "@/lib/format";

/** A findings view as its URL carries it (strings, before validation: a plan or a share restates what it was given). */
export type ViewParams = Partial<
  Record<
    "status" | "owner" | "prefix" | "q" | "foreign" | "public" | "minSize" | "maxSize" | "from" | "to",
    unknown
  >
>;

const MAX_SHOWN = 80;
/** A value from a URL, shown whole when short and cut with an ellipsis when not. */
const shown = (v: unknown) => {
  const text = String(v);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
};
const on = (v: unknown) => v === true || v === "1" || v === "true";
const size = (v: unknown) => (Number.isFinite(Number(v)) ? formatBytes(Number(v)) : shown(v));

/**
 * The filters of a view in words, one phrase each ("status foreign, locked", "under exports/", "key contains
 * “2024”"), in the order a reader scans them; none for the whole scan. `ownerName` names an account by its ID.
 */
export function viewInWords(view: ViewParams, ownerName: (id: string) => string = (id) => id): string[] {
  const words: string[] = [];
  if (view.status) {
    const statuses = String(view.status).split(",").filter(Boolean);
    const label = (s: string) => statusText[s as ObjectStatus]?.label ?? shown(s);
    words.push(`status ${statuses.map(label).join(" or ")}`);
  }
  if (view.prefix) words.push(`under ${shown(view.prefix)}`);
  if (view.q) words.push(`key contains “${shown(view.q)}”`);
  if (view.owner) words.push(`owned by ${shown(ownerName(String(view.owner)))}`);
  if (on(view.foreign)) words.push("foreign-owned only");
  if (on(view.public)) words.push("with a public grant");
  if (view.minSize !== undefined && view.minSize !== "") words.push(`at least ${size(view.minSize)}`);
  if (view.maxSize !== undefined && view.maxSize !== "") words.push(`at most ${size(view.maxSize)}`);
  if (view.from) words.push(`modified from ${shown(view.from)}`);
  if (view.to) words.push(`modified until ${shown(view.to)}`);
  return words;
}
