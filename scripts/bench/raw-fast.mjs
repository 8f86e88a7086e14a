// Runs scripts/bench/raw-fast.ts as its own command, started the way the `ownerscope` command starts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { importFromRepo } = await import("../register-ts.mjs");
const { rawFastCommand } = await importFromRepo("scripts/bench/raw-fast.ts");
await rawFastCommand(process.argv.slice(2));
