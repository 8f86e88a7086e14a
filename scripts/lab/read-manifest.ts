import fs from "node:fs";
import path from "node:path";
import type { SeedManifest } from "./manifest";

export function readManifest(labDirectory: string): SeedManifest {
  return JSON.parse(fs.readFileSync(path.join(labDirectory, "seed-manifest.json"), "utf8")) as SeedManifest;
}
