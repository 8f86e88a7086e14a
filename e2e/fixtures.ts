import path from "node:path";
import type { SeedManifest } from "../scripts/lab/manifest";
import { readManifest } from "../scripts/lab/read-manifest";

/** The seed's ground truth for the lab the server is running against. */
export function seedManifest(): SeedManifest {
  const dir = process.env.OWNERSCOPE_LAB_DIR;
  if (!dir) throw new Error("OWNERSCOPE_LAB_DIR is not set: run the browser tests with npm run test:e2e");
  return readManifest(dir);
}

export const CONNECTION = "lab";
export const MAIN_BUCKET = "account-b-no-bucket";

export const objectsUrl = (bucket: string, prefix: string) =>
  `/api/connections/${CONNECTION}/buckets/${encodeURIComponent(bucket)}/objects?${new URLSearchParams({ prefix })}`;

export const artifactsDir = path.resolve("artifacts");

/** The password scripts/e2e.sh gave the e2e-admin, e2e-operator and e2e-viewer users. */
export function rolePassword(): string {
  const password = process.env.OWNERSCOPE_E2E_PASSWORD;
  if (!password)
    throw new Error("OWNERSCOPE_E2E_PASSWORD is not set: run the browser tests with npm run test:e2e");
  return password;
}

export const storageStateFor = (role: "admin" | "operator" | "viewer") => `test-results/.auth/${role}.json`;
