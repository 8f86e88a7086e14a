import "server-only";
import type { FindingPosition } from "@/lib/db/findings";
import { AppError } from "@/lib/errors";

/** Cursors are opaque to clients: the last key and version of a page, base64url-encoded. */
export const encodeCursor = (c: { key: string; versionId: string }) =>
  Buffer.from(JSON.stringify([c.key, c.versionId])).toString("base64url");

export function decodeCursor(cursor: string | undefined): { key: string; versionId: string } | null {
  if (!cursor) return null;
  try {
    const [key, versionId] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof key === "string" && typeof versionId === "string") return { key, versionId };
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "The cursor is not one this server gave out.");
}

/** A findings page's end in a sorted view: [sort value, key, version], opaque to clients like the one above. */
export const encodePosition = (p: FindingPosition) =>
  Buffer.from(JSON.stringify([p.value, p.key, p.versionId])).toString("base64url");

export function decodePosition(cursor: string | undefined): FindingPosition | null {
  if (!cursor) return null;
  try {
    const [value, key, versionId] = JSON.parse(
      Buffer.from(cursor, "base64url").toString("utf8"),
    ) as unknown[];
    const valueOk = value === null || typeof value === "string" || typeof value === "number";
    if (valueOk && typeof key === "string" && typeof versionId === "string") return { value, key, versionId };
  } catch {
    // fall through
  }
  throw new AppError("bad_request", "The cursor is not one this server gave out.");
}
