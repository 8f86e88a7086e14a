import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db";
import {
  getConnection,
  listAccounts,
  listConnections,
  saveAccount,
  saveConnection,
} from "@/lib/db/connections";
import { migrate, migrations } from "@/lib/db/migrations";

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
      stsEndpointUrl: null,
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

  it("keeps a connection saved before STS had its own endpoint assuming roles where it did, and new ones at AWS", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    const before = migrations.findIndex((sql) => sql.includes("sts_endpoint_url"));
    for (const sql of migrations.slice(0, before)) db.exec(sql);
    db.pragma(`user_version = ${before}`);
    db.prepare(
      "INSERT INTO connections (id, name, region, endpoint_url) VALUES ('ceph', 'Ceph', 'us-east-1', ?)",
    ).run("http://ceph.internal:7480");
    migrate(db);
    expect(getConnection(db, "ceph")).toMatchObject({
      endpointUrl: "http://ceph.internal:7480",
      stsEndpointUrl: "http://ceph.internal:7480",
    });
    saveConnection(db, { id: "new", name: "New", endpointUrl: "http://ceph.internal:7480" });
    expect(getConnection(db, "new")).toMatchObject({ stsEndpointUrl: null });
  });

  it("refuses malformed input before it reaches the table", () => {
    const db = fresh();
    expect(() => saveConnection(db, { id: "Has Spaces", name: "x" })).toThrow();
    expect(() => saveConnection(db, { id: "ok", name: "x", roleArn: "arn:aws:iam::1:user/bob" })).toThrow();
    expect(() => saveConnection(db, { id: "ok", name: "x", endpointUrl: "ftp://host" })).toThrow();
    expect(() =>
      saveConnection(db, { id: "ok", name: "x", stsEndpointUrl: "http://u:p@sts.host" }),
    ).toThrow();
    expect(listConnections(db)).toEqual([]);
  });

  it("keeps accounts per connection and drops them with it", () => {
    const db = fresh();
    saveConnection(db, { id: "one", name: "One" });
    saveConnection(db, { id: "two", name: "Two" });
    saveAccount(db, "one", { canonicalId: "abc", name: "writer", fixerProfile: "fix" });
    saveAccount(db, "one", { canonicalId: "abc", name: "writer renamed", principal: "123456789012" });
    saveAccount(db, "two", { canonicalId: "abc", name: "other view" });
    expect(listAccounts(db, "one")).toEqual([
      {
        canonicalId: "abc",
        name: "writer renamed",
        fixerProfile: null,
        fixerRoleArn: null,
        fixerExternalId: null,
        principal: "123456789012",
      },
    ]);
    expect(() =>
      saveAccount(db, "two", { canonicalId: "abc", name: "x", principal: "not a principal" }),
    ).toThrow(/account ID \(12 digits\) or a principal ARN/);
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
