#!/usr/bin/env node
// The package's `ownerscope` command. It runs the TypeScript CLI in this same process (so that a signal sent to
// this pid reaches the scan itself), with tsx for TypeScript and the "@/" paths, and `server-only` resolved as on
// a server.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const serverOnly = pathToFileURL(path.join(here, "..", "node_modules", "server-only", "empty.js")).href;
const resolveHook = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: ${JSON.stringify(serverOnly)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(resolveHook)}`);
const { register: registerTsx } = await import("tsx/esm/api");
registerTsx({ tsconfig: path.join(here, "..", "tsconfig.json") });
await import(pathToFileURL(path.join(here, "cli", "main.ts")).href);
