// The command line opens the database the server opens: the same data directory and the same file name, whether
// the directory comes from --data-dir or from OWNERSCOPE_DATA_DIR.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDataDir } from "./run-cli";

describe("the CLI's database file", () => {
  it("is OWNERSCOPE_DB_FILE in the data directory, as the server resolves it", async () => {
    const dir = tempDataDir();
    const env = { OWNERSCOPE_DB_FILE: "custom.db" };
    const added = await runCli(["connection", "add", "--id", "one", "--name", "One", "--data-dir", dir], env);
    expect(added.code, added.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, "custom.db"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "ownerscope.db"))).toBe(false);

    const listed = await runCli(["connection", "list"], { ...env, OWNERSCOPE_DATA_DIR: dir });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id: "one" })]);
  }, 60_000);
});
