import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The folder-level layers of docs/architecture.md, lowest first. A module may import its own folder, a folder of a
// lower layer, or a folder of its own layer as long as no import runs back (folders import one way). Lint checks
// the same per file (import/no-restricted-paths in eslint.config.mjs); this checks whole folders.
const layers: string[][] = [
  ["lib/errors", "lib/keys", "lib/format", "lib/wildcard"],
  ["lib/audit", "lib/auth"],
  ["lib/fix", "lib/inventory", "lib/ownership", "lib/connections", "lib/watch", "lib/migrate", "lib/listing"],
  ["lib/schemas", "lib/env"],
  ["lib/fleet", "lib/writers"],
  ["lib/export"],
  ["lib/aws", "lib/db"],
  ["lib/alerts"],
  ["lib/jobs"],
  ["lib/api"],
  ["components", "lib/queries", "lib/hooks"],
  ["app", "scripts/cli"],
];
/** The browser's side, and the server's folders it may not import (it reaches them through app/'s routes). */
const client = ["components", "lib/queries", "lib/hooks"];
const serverOnly = new Set(["lib/env", "lib/aws", "lib/db", "lib/alerts", "lib/jobs", "lib/api"]);

const root = path.resolve(import.meta.dirname, "..");
const rankOf = new Map(layers.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test(-helper)?\.ts$/.test(e.name) ? [rel] : [];
  });
}

/**
 * The folder a module belongs to, as the layers name it ("lib/db/scans.ts" → "lib/db", "app/x/page.tsx" → "app"); a
 * module at the top of lib/ is a layer's member by itself ("lib/env.ts" → "lib/env").
 */
function folderOf(file: string): string {
  for (const top of ["app", "components", "scripts/cli"]) if (file.startsWith(`${top}/`)) return top;
  const parts = file.replace(/\.tsx?$/, "").split("/");
  return `${parts[0]}/${parts[1]}`;
}

function folderEdges(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const files = ["app", "components", "lib", "scripts/cli"].flatMap(sources);
  for (const file of files) {
    const from = folderOf(file);
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const m of text.matchAll(/from "@\/([^"]+)"/g)) {
      const to = folderOf(m[1]!);
      if (to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

describe("folder-level imports (docs/architecture.md)", () => {
  const edges = folderEdges();
  const all = [...edges].flatMap(([from, tos]) => [...tos].map((to) => [from, to] as const));

  it("finds the imports it checks", () => {
    expect(all.length).toBeGreaterThan(50);
    expect(edges.get("lib/api")?.has("lib/db")).toBe(true);
  });

  it("every folder is in a layer", () => {
    const unknown = [...new Set(all.flat())].filter((f) => !rankOf.has(f));
    expect(unknown).toEqual([]);
  });

  it("no folder imports a folder of a higher layer", () => {
    const upwards = all.filter(([from, to]) => (rankOf.get(to) ?? Infinity) > rankOf.get(from)!);
    expect(upwards.map((e) => e.join(" → "))).toEqual([]);
  });

  it("no two folders import each other", () => {
    const both = all.filter(([from, to]) => edges.get(to)?.has(from)).map((e) => e.join(" ⇄ "));
    expect(both).toEqual([]);
  });

  it("the browser's side imports no server module", () => {
    const server = all.filter(([from, to]) => client.includes(from) && serverOnly.has(to));
    expect(server.map((e) => e.join(" → "))).toEqual([]);
  });
});

describe("function sizes (eslint.config.mjs: 80 lines in lib/ unless a comment says why)", () => {
  it("a long function in lib/ says why, and none is over 120 lines", () => {
    const excused: { at: string; lines: number; why: string }[] = [];
    for (const file of sources("lib")) {
      const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        const m = /eslint-disable-next-line max-lines-per-function(?: -- (.*))?$/.exec(line);
        if (!m) return;
        // A top-level function ends at the first line that closes it in the first column.
        const end = lines.findIndex((l, j) => j > i && /^}/.test(l));
        excused.push({ at: `${file}:${i + 2}`, lines: end - i, why: m[1] ?? "" });
      });
    }
    expect(excused.length).toBeGreaterThan(0);
    expect(excused.filter((e) => e.lines > 120 || e.why.length < 20)).toEqual([]);
  });
});
