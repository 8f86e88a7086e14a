// vitest globalSetup for the integration project: a missing or dead lab fails the run loudly, never skips it.
import fs from "node:fs";
import path from "node:path";
import { labDir } from "./lab-env";

export default async function requireLab() {
  const dir = labDir();
  const envFile = path.join(dir, "lab.env");
  if (!fs.existsSync(envFile)) {
    throw new Error(
      `Integration tests need the lab, and there is none at ${dir}. Run them with "npm run test:integration".`,
    );
  }
  const endpoint = /OWNERSCOPE_LAB_ENDPOINT=(.*)/.exec(fs.readFileSync(envFile, "utf8"))?.[1];
  const response = await fetch(`${endpoint}/`).catch((error: Error) => error);
  if (response instanceof Error)
    throw new Error(`The lab at ${endpoint} does not answer: ${response.message}`);
  if (!fs.existsSync(path.join(dir, "seed-manifest.json"))) {
    throw new Error(`The lab at ${dir} is not seeded: run "npm run seed".`);
  }
}
