import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { fromIni } from "@aws-sdk/credential-providers";
import { readManifest } from "../scripts/lab/read-manifest";
import type { SeedManifest } from "../scripts/lab/manifest";

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

type LabAccounts = {
  bucketOwner: { canonicalId: string; name: string; profile: string };
  writer: { canonicalId: string; name: string; profile: string; arn: string };
  roles: Record<"audit" | "fix" | "owner", { arn: string; profile: string }>;
};

/** The lab's identities (profiles, role ARNs) and its endpoint, as scripts/lab/lab wrote them. */
export function labAccounts(): LabAccounts & { endpoint: string } {
  const dir = process.env.OWNERSCOPE_LAB_DIR;
  const endpoint = process.env.OWNERSCOPE_LAB_ENDPOINT;
  if (!dir || !endpoint)
    throw new Error("OWNERSCOPE_LAB_DIR is not set: run the browser tests with npm run test:e2e");
  return {
    ...(JSON.parse(fs.readFileSync(path.join(dir, "accounts.json"), "utf8")) as LabAccounts),
    endpoint,
  };
}

/** RFC 4180 CSV into rows of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field.replace(/\r$/, ""));
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\n") {
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** Runs `ownerscope` (the CLI) on the test server's data directory; answers what it printed. */
export function runCli(...args: string[]): string {
  return execFileSync(
    "npx",
    [
      "tsx",
      "--conditions=react-server",
      "scripts/cli/main.ts",
      ...args,
      "--data-dir",
      process.env.OWNERSCOPE_DATA_DIR!,
    ],
    { encoding: "utf8" },
  ).trim();
}

/** A new bucket of B's that account A may write into, with `keys` written by A (so each is foreign-locked). */
export async function bucketWrittenByA(keys: string[]): Promise<string> {
  const lab = labAccounts();
  const b = labClient(lab.bucketOwner.profile);
  const bucket = `e2e-fix-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await b.send(new CreateBucketCommand({ Bucket: bucket }));
  await b.send(
    new PutBucketPolicyCommand({
      Bucket: bucket,
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: [lab.writer.arn] },
            Action: ["s3:PutObject"],
            Resource: [`arn:aws:s3:::${bucket}/*`],
          },
        ],
      }),
    }),
  );
  await writeAsA(bucket, keys);
  return bucket;
}

/** Keys written by account A without bucket-owner-full-control: foreign-owned, locked to the bucket owner. */
export async function writeAsA(bucket: string, keys: string[]): Promise<void> {
  const a = labClient(labAccounts().writer.profile);
  await Promise.all(keys.map((key) => a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))));
}

export const labClient = (profile: string) =>
  new S3Client({
    region: "us-east-1",
    endpoint: labAccounts().endpoint,
    forcePathStyle: true,
    credentials: fromIni({ profile }),
  });
