// The supervisor unit the README documents (docs/ownerscope.service) is one systemd accepts, and it runs the server
// the way `npm start` does.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const unit = path.resolve(import.meta.dirname, "../docs/ownerscope.service");
const analyze = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => fs.existsSync(p));

describe("docs/ownerscope.service", () => {
  it("restarts the server whenever it stops, and starts it as npm start does", () => {
    const text = fs.readFileSync(unit, "utf8");
    expect(text).toMatch(/^Restart=always$/m);
    expect(text).toMatch(/^ExecStart=.*scripts\/start\.sh/m);
  });

  it.runIf(analyze)("passes systemd-analyze verify", () => {
    // verify checks the syntax and the directives (it only warns, on stderr, about what it ignores).
    const run = spawnSync(analyze!, ["verify", unit], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(`${run.stdout}${run.stderr}`).toBe("");
  });
});
