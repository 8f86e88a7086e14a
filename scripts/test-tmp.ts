// Vitest's global setup: every test run gets a temporary folder of its own as TMPDIR (the test processes and what
// they start inherit it), removed when the run ends, so no run leaves folders behind in the system's /tmp.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-test-run-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
