// Lets plain Node run Ownerscope's TypeScript outside the Next build: tsx for TypeScript and the "@/" paths, and
// `server-only` resolved as on a server. Used by the `ownerscope` command and by the server's scan threads.
import { register } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const serverOnly = pathToFileURL(path.join(repo, "node_modules", "server-only", "empty.js")).href;
const resolveHook = `export async function resolve(specifier, context, next) {
  return specifier === "server-only" ? { url: ${JSON.stringify(serverOnly)}, shortCircuit: true } : next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(resolveHook)}`);
const { register: registerTsx } = await import("tsx/esm/api");
registerTsx({ tsconfig: path.join(repo, "tsconfig.json") });

/** Imports a module of the repository by its path from the repository's root. */
export const importFromRepo = (file) => import(pathToFileURL(path.join(repo, file)).href);
