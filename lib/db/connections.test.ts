import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import {
  getConnection,
  listAccounts,
  listConnections,
  saveAccount,
  saveConnection,
} from "@/lib/db/connections";

const fresh = () => openDb(":memory:");

describe("connections", () => {
  it("stores references with defaults and reads them back", () => {
    const db = fresh();
    saveConnection(db, { id: "prod", name: "Production", profile: "audit" });
    expect(getConnection(db, "prod")).toEqual({
      id: "prod",
      name: "Production",
      profile: "audit",
      roleArn: null,
      externalId: null,
      sessionName: null,
      region: "us-east-1",
      endpointUrl: null,
      forcePathStyle: false,
      ownerProfile: null,
      ownerRoleArn: null,
    });
  });

  it("replaces a connection saved again under the same id", () => {
    const db = fresh();
    saveConnection(db, { id: "prod", name: "Old" });
    saveConnection(db, {
      id: "prod",
      name: "New",
      roleArn: "arn:aws:iam::123456789012:role/ownerscope-audit",
      externalId: "ext-123",
      endpointUrl: "https://s3.example.test",
      forcePathStyle: true,
    });
    expect(listConnections(db)).toHaveLength(1);
    expect(getConnection(db, "prod")).toMatchObject({
      name: "New",
      externalId: "ext-123",
      forcePathStyle: true,
    });
  });

  it("refuses malformed input before it reaches the table", () => {
    const db = fresh();
    expect(() => saveConnection(db, { id: "Has Spaces", name: "x" })).toThrow();
    expect(() => saveConnection(db, { id: "ok", name: "x", roleArn: "arn:aws:iam::1:user/bob" })).toThrow();
    expect(() => saveConnection(db, { id: "ok", name: "x", endpointUrl: "ftp://host" })).toThrow();
    expect(listConnections(db)).toEqual([]);
  });

  it("keeps accounts per connection and drops them with it", () => {
    const db = fresh();
    saveConnection(db, { id: "one", name: "One" });
    saveConnection(db, { id: "two", name: "Two" });
    saveAccount(db, "one", { canonicalId: "abc", name: "writer", fixerProfile: "fix" });
    saveAccount(db, "one", { canonicalId: "abc", name: "writer renamed" });
    saveAccount(db, "two", { canonicalId: "abc", name: "other view" });
    expect(listAccounts(db, "one")).toEqual([
      {
        canonicalId: "abc",
        name: "writer renamed",
        fixerProfile: null,
        fixerRoleArn: null,
        fixerExternalId: null,
      },
    ]);
    db.prepare("DELETE FROM connections WHERE id = 'one'").run();
    expect(listAccounts(db, "one")).toEqual([]);
    expect(listAccounts(db, "two")).toHaveLength(1);
  });

  it("refuses a store written by a newer Ownerscope instead of corrupting it", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-db-")), "store.db");
    const db = openDb(file);
    db.pragma("user_version = 999");
    db.close();
    expect(() => openDb(file)).toThrow(/newer than this Ownerscope/);
  });
});
