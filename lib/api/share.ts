import "server-only";
import { scanFindings, viewFilter } from "@/lib/api/findings";
import { scanById } from "@/lib/api/scans";
import { objectStatuses, type ObjectStatus } from "@/lib/audit/types";
import { newToken, tokenHash } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db";
import { activeShareLink, createShareLink, listShareLinks, revokeShareLink, type User } from "@/lib/db/auth";
import { countFindingsOffThread } from "@/lib/db/finding-counts";
import { type FindingFilter } from "@/lib/db/findings";
import { AppError } from "@/lib/errors";
import { findingsViewSchema, type FindingsQuery } from "@/lib/schemas/scan";

/** Makes a read-only link to one scan's view; the token is shown once and stored only as a digest. */
export function createShare(
  db: Db,
  user: User,
  input: { scanId: number; view: Record<string, string | undefined>; expiresInHours: number },
) {
  scanById(db, input.scanId); // 404 unless it is a web scan
  const view = Object.fromEntries(Object.entries(input.view).filter(([, v]) => v)) as Record<string, string>;
  const token = newToken();
  const link = createShareLink(db, {
    tokenHash: tokenHash(token),
    scanId: input.scanId,
    view,
    userId: user.id,
    ttlMs: input.expiresInHours * 3_600_000,
  });
  return { ...link, path: `/share/${token}` };
}

export const shareLinks = (db: Db, scanId?: number) => listShareLinks(db, scanId);

export function revokeShare(db: Db, id: number) {
  if (!revokeShareLink(db, id)) throw new AppError("not_found", `No active share link ${id}.`);
  return { revoked: true };
}

function requireShare(db: Db, token: string) {
  const link = activeShareLink(db, tokenHash(token));
  // One answer for unknown, tampered, expired and revoked links: none of them tells anything.
  if (!link) throw new AppError("not_found", "This share link is not valid (unknown, expired or revoked).");
  return link;
}

/** The scan's counts under the link's filters (in the database reader thread): nothing of the rest of the scan. */
async function countsUnder(
  db: Db,
  s: { id: number; bucketOwnerId: string | null },
  view: Record<string, string>,
) {
  const filter = viewFilter(findingsViewSchema.parse(view));
  const count = (more: FindingFilter) =>
    countFindingsOffThread(db, s.id, { ...filter, ...more }, s.bucketOwnerId);
  const byStatus = Object.fromEntries(
    await Promise.all(
      objectStatuses.map(
        async (status) =>
          [
            status,
            filter.status?.includes(status) === false ? 0 : await count({ status: [status] }),
          ] as const,
      ),
    ),
  ) as Record<ObjectStatus, number>;
  const classified = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return { listed: await count({}), classified, byStatus, foreign: await count({ foreignOnly: true }) };
}

/**
 * What a share link shows of its scan: its progress and counts under the link's filters, never the connection, its
 * identities or posture.
 */
export async function sharedScan(db: Db, token: string) {
  const link = requireShare(db, token);
  const s = scanById(db, link.scanId);
  return {
    view: link.view,
    expiresAt: link.expiresAt,
    scan: {
      id: s.id,
      bucket: s.bucket,
      prefix: s.prefix,
      mode: s.mode,
      versions: s.versions,
      status: s.status,
      ...(await countsUnder(db, s, link.view)),
      bucketOwnerId: s.bucketOwnerId,
      createdAt: s.createdAt,
      finishedAt: s.finishedAt,
    },
  };
}

/**
 * The link's findings, with the link's own filters: a share grants exactly this one view, with the columns the
 * shared page shows (no grants, whose grantees name other accounts and e-mail addresses, and no ETags).
 */
export async function sharedFindings(db: Db, token: string, page: { cursor?: string; limit: number }) {
  const link = requireShare(db, token);
  const query: FindingsQuery = { ...findingsViewSchema.parse(link.view), ...page };
  const { findings, nextCursor } = await scanFindings(db, link.scanId, query, { counts: false });
  return { findings: findings.map((f) => ({ ...f, grants: null, etag: null })), nextCursor };
}
