import { describe, expect, it } from "vitest";
import {
  csvColumns,
  fieldName,
  ownershipFields,
  parseS3Url,
  type InventoryManifest,
} from "@/lib/inventory/manifest";
import { decodeCsvKey, inventoryEntry, parseCsvLine, parseInventoryAcl } from "@/lib/inventory/rows";

const B = "b".repeat(64);
const A = "a".repeat(64);
const acl = (grants: object[], status = "AVAILABLE") =>
  Buffer.from(JSON.stringify({ version: "2022-11-10", status, grants })).toString("base64");
const full = (id: string) => ({ canonicalId: id, type: "CanonicalUser", permission: "FULL_CONTROL" });

describe("inventory fields", () => {
  it("names CSV and Parquet fields alike, and reads the CSV column order from the manifest", () => {
    expect(fieldName("LastModifiedDate")).toBe(fieldName("last_modified_date"));
    const m = { fileSchema: "Bucket, Key, Size, ObjectOwner" } as InventoryManifest;
    expect(csvColumns(m)).toEqual(["bucket", "key", "size", "objectowner"]);
    expect(ownershipFields(m)).toEqual({ owner: true, acl: false, versions: false });
    expect(parseS3Url("s3://dest/inv/src/cfg/")).toEqual({ bucket: "dest", key: "inv/src/cfg/" });
    expect(parseS3Url("dest/inv")).toBeNull();
  });

  it("parses quoted CSV lines and decodes form-encoded keys", () => {
    expect(parseCsvLine('"b","a%2Cb+c%22d","12",""')).toEqual(["b", "a%2Cb+c%22d", "12", ""]);
    expect(parseCsvLine('"say ""hi""",x')).toEqual(['say "hi"', "x"]);
    expect(decodeCsvKey("a%2Cb+c%22d%2B%25")).toBe('a,b c"d+%');
    expect(decodeCsvKey("100%")).toBe("100%");
  });

  it("reads the base64 ACL document, and nothing when its status is not AVAILABLE", () => {
    expect(
      parseInventoryAcl(
        acl([
          full(A),
          { uri: "http://acs.amazonaws.com/groups/global/AllUsers", type: "Group", permission: "READ" },
        ]),
      ),
    ).toEqual([
      { grantee: A, granteeType: "CanonicalUser", permission: "FULL_CONTROL" },
      {
        grantee: "http://acs.amazonaws.com/groups/global/AllUsers",
        granteeType: "Group",
        permission: "READ",
      },
    ]);
    expect(parseInventoryAcl(acl([], "NOT_AVAILABLE"))).toBeNull();
    // What S3 cannot grant (a permission it does not have, a grantee that is not text) is not stored as a grant.
    expect(
      parseInventoryAcl(
        acl([
          full(A),
          { canonicalId: A, type: "CanonicalUser", permission: "EVERYTHING" },
          { canonicalId: 7, permission: "READ" },
        ]),
      ),
    ).toEqual([{ grantee: A, granteeType: "CanonicalUser", permission: "FULL_CONTROL" }]);
    expect(parseInventoryAcl("not base64 json")).toBeNull();
    expect(parseInventoryAcl("")).toBeNull();
  });
});

describe("inventoryEntry", () => {
  const row = (over: Record<string, unknown>) => ({
    key: "logs/a+b.txt",
    size: "12",
    lastmodifieddate: "2026-11-01T10:00:00.000Z",
    etag: "abc",
    storageclass: "STANDARD",
    ...over,
  });

  it("classifies as a live scan would: owned, foreign with full control, readable, locked, public", () => {
    expect(inventoryEntry(row({ objectowner: B }), B, true).classification?.status).toBe("owned");
    const bofc = inventoryEntry(
      row({ objectowner: A, objectaccesscontrollist: acl([full(A), full(B)]) }),
      B,
      true,
    );
    expect(bofc.classification).toMatchObject({
      status: "foreign-full-control",
      bucketOwnerAccess: "full-control",
    });
    const read = { canonicalId: B, type: "CanonicalUser", permission: "READ" };
    expect(
      inventoryEntry(row({ objectowner: A, objectaccesscontrollist: acl([full(A), read]) }), B, true)
        .classification?.status,
    ).toBe("foreign-readable");
    const locked = inventoryEntry(
      row({
        objectowner: A,
        objectaccesscontrollist: acl([
          full(A),
          { uri: "http://acs.amazonaws.com/groups/global/AllUsers", type: "Group", permission: "READ" },
        ]),
      }),
      B,
      true,
    );
    expect(locked.classification).toMatchObject({
      status: "foreign-locked",
      bucketOwnerAccess: "none",
      publicGrant: true,
    });
    expect(locked).toMatchObject({ key: "logs/a b.txt", size: 12, etag: '"abc"' });
  });

  it("leaves a key for a live check when the report lacks its owner, or a foreign key's ACL", () => {
    expect(inventoryEntry(row({}), B, true).classification).toBeNull();
    expect(inventoryEntry(row({ objectowner: A }), B, true).classification).toBeNull();
    expect(
      inventoryEntry(row({ objectowner: A, objectaccesscontrollist: acl([], "NOT_AVAILABLE") }), B, true)
        .classification,
    ).toBeNull();
  });

  it("reads Parquet's native types and keeps its keys as written", () => {
    const e = inventoryEntry(
      {
        key: "a+b%20.txt",
        size: 5n,
        lastmodifieddate: new Date("2026-01-02T03:04:05Z"),
        isdeletemarker: false,
        islatest: true,
        versionid: "v1",
        objectowner: B,
      },
      B,
      false,
    );
    expect(e).toMatchObject({
      key: "a+b%20.txt",
      size: 5,
      lastModified: "2026-01-02T03:04:05.000Z",
      isLatest: true,
      versionId: "v1",
    });
    const marker = inventoryEntry(
      { key: "gone", isdeletemarker: "true", objectowner: A, versionid: "v2" },
      B,
      true,
    );
    expect(marker.deleteMarker).toBe(true);
    expect(marker.classification?.status).not.toBeNull();
  });
});
