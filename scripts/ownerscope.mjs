#!/usr/bin/env node
// The package's `ownerscope` command: runs the TypeScript CLI through tsx, under the react-server condition that
// lets it load the server-only modules of lib/.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const result = spawnSync(
  process.execPath,
  [
    "--conditions=react-server",
    "--import",
    import.meta.resolve("tsx"),
    path.join(here, "cli", "main.ts"),
    ...process.argv.slice(2),
  ],
  {
    stdio: "inherit",
    cwd: process.cwd(),
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...process.env,
      // tsx reads tsconfig (and so the "@/" paths) from the working directory unless told where it is.
      TSX_TSCONFIG_PATH: path.join(here, "..", "tsconfig.json"),
    },
  },
);
process.exit(result.status ?? 1);
