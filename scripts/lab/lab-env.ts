// Finds a running lab (OWNERSCOPE_LAB_DIR, else <repo>/.lab) and points the AWS SDK's standard files at it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import type { ConnectionInput } from "@/lib/schemas/connection";
import type { LabAccount } from "./manifest";
import type { S3Client } from "@aws-sdk/client-s3";

export type Lab = {
  dir: string;
  endpoint: string;
  bucketOwner: LabAccount;
  writer: LabAccount;
  /** A third party that is only ever granted access to objects (a partner, log delivery, a CDN identity). */
  thirdParty: LabAccount;
  roles: Record<"audit" | "fix" | "owner", { arn: string; profile: string }>;
  /** A target for any profile of the lab's AWS config. */
  target: (profile: string) => AwsTarget;
  a: S3Client;
  b: S3Client;
  c: S3Client;
};

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function labDir(): string {
  return path.resolve(process.env.OWNERSCOPE_LAB_DIR ?? path.join(repo, ".lab"));
}

/** Loads the lab's description, or throws a message that says how to start one. */
export function loadLab(): Lab {
  const dir = labDir();
  const envFile = path.join(dir, "lab.env");
  if (!fs.existsSync(envFile)) {
    throw new Error(`no lab at ${dir}: start one with "scripts/lab/lab up" (or set OWNERSCOPE_LAB_DIR)`);
  }
  const vars = Object.fromEntries(
    fs
      .readFileSync(envFile, "utf8")
      .split("\n")
      .filter((line) => line.includes("="))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  ) as Record<string, string>;
  process.env.AWS_CONFIG_FILE = vars.AWS_CONFIG_FILE;
  process.env.AWS_SHARED_CREDENTIALS_FILE = vars.AWS_SHARED_CREDENTIALS_FILE;
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  const accounts = JSON.parse(fs.readFileSync(path.join(dir, "accounts.json"), "utf8")) as {
    bucketOwner: LabAccount;
    writer: LabAccount;
    thirdParty: LabAccount;
    roles: Lab["roles"];
  };
  const endpoint = vars.OWNERSCOPE_LAB_ENDPOINT!;
  const target = (profile: string): AwsTarget => ({
    profile,
    roleArn: null,
    externalId: null,
    sessionName: null,
    region: "us-east-1",
    endpointUrl: endpoint,
    stsEndpointUrl: endpoint,
    forcePathStyle: true,
  });
  return {
    dir,
    endpoint,
    ...accounts,
    target,
    a: s3For(target(accounts.writer.profile), { maxSockets: 64 }),
    b: s3For(target(accounts.bucketOwner.profile), { maxSockets: 64 }),
    c: s3For(target(accounts.thirdParty.profile), { maxSockets: 64 }),
  };
}

/** The lab as a connection "lab" that reads through the audit role (and writes through `extra`'s identities). */
export const labConnection = (lab: Lab, extra: Partial<ConnectionInput> = {}): ConnectionInput => ({
  id: "lab",
  name: "lab",
  region: "us-east-1",
  endpointUrl: lab.endpoint,
  stsEndpointUrl: lab.endpoint,
  forcePathStyle: true,
  profile: lab.roles.audit.profile,
  ...extra,
});
