#!/usr/bin/env node
// The package's `ownerscope` command. It runs the TypeScript CLI in this same process (so that a signal sent to
// this pid reaches the scan itself), through scripts/register-ts.mjs.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { importFromRepo } = await import("./register-ts.mjs");
await importFromRepo("scripts/cli/main.ts");
