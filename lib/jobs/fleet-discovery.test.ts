import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db";
import { getConnection, listAccounts, saveConnection } from "@/lib/db/connections";
import { listFleetAccounts, setAccountHealth } from "@/lib/db/fleet";
import { discoverFleet, syncFleetIfDue } from "@/lib/jobs/fleet-discovery";

let db: Db;
let dir: string;
const file = () => path.join(dir, "accounts.csv");
const write = (rows: string[]) => fs.writeFileSync(file(), `id,name,ou\n${rows.join("\n")}\n`);

beforeEach(() => {
  db = openDb(":memory:");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-test-fleet-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const settings = () => ({
  source: "file" as const,
  readRole: "OwnerscopeRead",
  fixRole: "OwnerscopeFix",
  profile: "base",
  accountsFile: file(),
  syncEveryHours: 6,
});

describe("fleet discovery from an accounts file", () => {
  it("onboards each account with its connection, and a scheduled sync retires the gone and adds the new", async () => {
    write(["111111111111,pay,Prod/Payments", "222222222222,web,Prod"]);
    const first = await discoverFleet(db, settings(), fs.readFileSync(file(), "utf8"));
    expect(first.added.sort()).toEqual(["111111111111", "222222222222"]);
    expect(getConnection(db, "acct-111111111111")).toMatchObject({
      roleArn: "arn:aws:iam::111111111111:role/OwnerscopeRead",
      profile: "base",
    });
    expect(listFleetAccounts(db).find((a) => a.id === "111111111111")!.ouPath).toEqual(["Prod", "Payments"]);

    write(["222222222222,web,Prod", "333333333333,data,"]);
    // Not due within the period (the first discovery counts as a sync).
    expect(await syncFleetIfDue(db, new Date(Date.now() + 3_600_000))).toBeNull();
    const synced = await syncFleetIfDue(db, new Date(Date.now() + 7 * 3_600_000));
    expect(synced!.added).toEqual(["333333333333"]);
    expect(synced!.retired).toEqual(["111111111111"]);
    expect(listFleetAccounts(db).map((a) => a.id)).toEqual(["333333333333", "222222222222"]);
  });

  it("names the organization's accounts to every connection, and routes fixes only for fleet connections", async () => {
    write(["111111111111,pay,", "222222222222,web,"]);
    await discoverFleet(db, settings(), fs.readFileSync(file(), "utf8"));
    setAccountHealth(db, "222222222222", "ok", null, "canonical-web");
    const fleetSide = listAccounts(db, "acct-111111111111").find((a) => a.canonicalId === "canonical-web")!;
    expect(fleetSide).toMatchObject({
      name: "web",
      fixerRoleArn: "arn:aws:iam::222222222222:role/OwnerscopeFix",
      principal: "222222222222",
    });
    saveConnection(db, { id: "other", name: "other" });
    const elsewhere = listAccounts(db, "other").find((a) => a.canonicalId === "canonical-web")!;
    expect(elsewhere).toMatchObject({ name: "web", fixerRoleArn: null, fixerProfile: null });
  });

  it("refuses a broken file without changing the stored fleet", async () => {
    write(["111111111111,pay,"]);
    await discoverFleet(db, settings(), fs.readFileSync(file(), "utf8"));
    await expect(discoverFleet(db, null, "id,name\n12,x\n")).rejects.toThrow(/accounts file: line 2/);
    expect(listFleetAccounts(db).map((a) => a.id)).toEqual(["111111111111"]);
  });
});
