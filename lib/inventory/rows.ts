import { classify, classifyDeleteMarker } from "@/lib/audit/classify";
import type { Classification, Grant } from "@/lib/audit/types";

/** A data row with its fields under their normalized names (see fieldName). */
export type InventoryRow = Record<string, unknown>;

/** The entry a listing would have produced, plus its classification when the report says enough. */
export type InventoryEntry = {
  key: string;
  versionId: string;
  isLatest: boolean | null;
  deleteMarker: boolean;
  ownerId: string | null;
  size: number;
  lastModified: string | null;
  storageClass: string | null;
  etag: string | null;
  /** null when the report lacks what it takes (no owner, or a foreign key without its ACL): a live check decides. */
  classification: Classification | null;
};

const text = (v: unknown): string | null => (v === null || v === undefined || v === "" ? null : String(v));
const bool = (v: unknown): boolean | null =>
  v === true || v === "true" ? true : v === false || v === "false" ? false : null;

/** CSV reports URL-encode keys (form style: a space is "+"); Parquet and ORC do not. */
export function decodeCsvKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return key; // not encoded after all: a malformed escape stays as written
  }
}

/** One CSV line into its fields (inventory quotes every field; a quote inside one is doubled). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (line[i] === '"') {
          i++;
          break;
        } else value += line[i++];
      }
      fields.push(value);
      i++; // the comma
    } else {
      const end = line.indexOf(",", i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

function timestamp(v: unknown): string | null {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint" || typeof v === "number") return new Date(Number(v)).toISOString();
  const t = text(v);
  return t === null ? null : new Date(t).toISOString();
}

type AclJson = {
  status?: string;
  grants?: {
    permission?: string;
    type?: string;
    canonicalId?: string;
    uri?: string;
    emailAddress?: string;
  }[];
};

const permissions = new Set<string>(["FULL_CONTROL", "READ", "WRITE", "READ_ACP", "WRITE_ACP"]);

/**
 * ObjectAccessControlList: base64 of a JSON document with a status and the grants. Null when the report does not
 * have the ACL for this object (a status other than AVAILABLE, or a value that does not parse).
 */
export function parseInventoryAcl(value: unknown): Grant[] | null {
  const encoded = text(value);
  if (encoded === null) return null;
  let acl: AclJson;
  try {
    acl = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as AclJson;
  } catch {
    return null;
  }
  if (acl.status !== "AVAILABLE" || !Array.isArray(acl.grants)) return null;
  return acl.grants.flatMap((g): Grant[] => {
    const grantee = g.canonicalId ?? g.uri ?? g.emailAddress;
    // A permission S3 does not have is not a grant Ownerscope can weigh or restate: left out, as an empty one is.
    if (typeof grantee !== "string" || !grantee || !permissions.has(String(g.permission))) return [];
    const granteeType =
      g.type === "Group"
        ? "Group"
        : g.type === "AmazonCustomerByEmail"
          ? "AmazonCustomerByEmail"
          : "CanonicalUser";
    return [{ grantee, granteeType, permission: g.permission as Grant["permission"] }];
  });
}

/** One inventory row as a finding: owner and grants from the report, classified exactly as a live scan would. */
export function inventoryEntry(row: InventoryRow, bucketOwnerId: string, csv: boolean): InventoryEntry {
  const rawKey = String(row.key ?? "");
  const key = csv ? decodeCsvKey(rawKey) : rawKey;
  const ownerId = text(row.objectowner);
  const deleteMarker = bool(row.isdeletemarker) === true;
  const etag = text(row.etag);
  const entry = {
    key,
    versionId: text(row.versionid) ?? "",
    isLatest: bool(row.islatest),
    deleteMarker,
    ownerId,
    size: Number(row.size ?? 0),
    lastModified: timestamp(row.lastmodifieddate),
    storageClass: text(row.storageclass),
    etag: etag === null ? null : etag.startsWith('"') ? etag : `"${etag}"`,
  };
  if (deleteMarker)
    return { ...entry, size: 0, classification: classifyDeleteMarker(bucketOwnerId, ownerId) };
  if (ownerId === null) return { ...entry, classification: null };
  const grants = parseInventoryAcl(row.objectaccesscontrollist);
  if (ownerId !== bucketOwnerId && grants === null) return { ...entry, classification: null };
  const classification = classify({
    bucketOwnerId,
    listedOwnerId: ownerId,
    acl: grants === null ? { kind: "not-checked" } : { kind: "ok", ownerId, grants },
    head: { kind: "not-checked" },
  });
  return { ...entry, classification };
}
