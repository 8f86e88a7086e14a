import type { Grant } from "@/lib/audit/types";
import type { ObjectSnapshot } from "@/lib/fix/snapshot";
import type { AuditRecord } from "@/lib/schemas/fix";
import type { FindingDto } from "@/lib/schemas/scan";

// An object as the drawer shows it, read live: each part on its own, since one identity may read some and not others.

/** A part that was read, or why it could not be. */
export type Readable<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What HeadObject tells of an object: the same reading the fixes restate from. */
export type ObjectHeaders = Omit<ObjectSnapshot, "tags">;

export type ObjectVersion = {
  versionId: string;
  isLatest: boolean;
  deleteMarker: boolean;
  ownerId: string | null;
  size: number | null;
  lastModified: string | null;
};

export type ObjectDetail = {
  headers: Readable<ObjectHeaders>;
  acl: Readable<{ ownerId: string | null; grants: Grant[] }>;
  tags: Readable<Record<string, string>>;
  versions: Readable<ObjectVersion[]>;
};

export type ObjectDetailDto = {
  finding: FindingDto;
  bucketOwnerId: string | null;
  accountNames: Record<string, string>;
  live: ObjectDetail;
  history: AuditRecord[];
};
