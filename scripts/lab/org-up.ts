// Makes the lab's organization on a running lab (scripts/lab/lab org): a tenant per member account (and one for the
// writer outside the organization), each with its own keys, a read role and a fix role of the same names, buckets,
// their own objects and the foreign writes of org-layout.ts, the breakages, and a profile per account in the lab's
// AWS files. Idempotent: an organization already made is left alone.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { loadLab } from "./lab-env";
import * as org from "./org-layout";
import { templateActions } from "./role-actions";

const run = promisify(execFile);
const lab = loadLab();
const marker = path.join(lab.dir, "org.json");
if (fs.existsSync(marker)) {
  console.error(`lab org: already made (${marker})`);
  process.exit(0);
}

const admin = (...args: string[]) =>
  run("radosgw-admin", ["-c", path.join(lab.dir, "ceph.conf"), "-n", "client.admin", ...args]);

const readActions = templateActions("read-role.stackset.json", "ReadRole");
const fixActions = templateActions("fix-role.stackset.json", "FixRole");

const policy = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

async function makeRole(tenant: string, name: string, actions: string[], effect: "Allow" | "Deny" = "Allow") {
  const trust = policy([
    {
      Effect: "Allow",
      Principal: { AWS: [`arn:aws:iam::${tenant}:user/admin`] },
      Action: ["sts:AssumeRole"],
    },
  ]);
  await admin(
    "role",
    "create",
    "--tenant",
    tenant,
    "--role-name",
    name,
    "--path",
    "/",
    "--assume-role-policy-doc",
    trust,
  );
  const doc = policy([
    { Effect: effect, Action: effect === "Deny" ? ["s3:*"] : actions, Resource: ["arn:aws:s3:::*"] },
  ]);
  await admin(
    "role-policy",
    "put",
    "--tenant",
    tenant,
    "--role-name",
    name,
    "--policy-name",
    "main",
    "--policy-doc",
    doc,
  );
}

async function makeAccount(a: { id: string; name: string; readRole?: org.LabOrgAccount["readRole"] }) {
  await admin(
    "user",
    "create",
    "--tenant",
    a.id,
    "--uid",
    "admin",
    "--display-name",
    a.name,
    "--access-key",
    org.accessKeyOf(a.id),
    "--secret-key",
    org.secretOf(a.id),
  );
  if (a.readRole === "ok") await makeRole(a.id, org.READ_ROLE, readActions);
  if (a.readRole === "denies") await makeRole(a.id, org.READ_ROLE, readActions, "Deny");
  await makeRole(a.id, org.FIX_ROLE, fixActions);
}

const clientOf = (accountId: string) =>
  new S3Client({
    region: "us-east-1",
    endpoint: lab.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: org.accessKeyOf(accountId), secretAccessKey: org.secretOf(accountId) },
  });

const started = Date.now();
const members = org.members();
// radosgw-admin takes about half a second a call: four accounts at a time.
const pending = [...members, { ...org.OUTSIDE, readRole: "ok" as const }];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let a = pending.shift(); a; a = pending.shift()) await makeAccount(a);
  }),
);

for (const a of members) {
  const s3 = clientOf(a.id);
  for (const bucket of a.buckets) {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const writers = [...new Set(org.WRITES.filter((w) => w.bucket === bucket).map((w) => w.writer))];
    const statements: object[] = writers.map((w) => ({
      Effect: "Allow",
      Principal: { AWS: [`arn:aws:iam::${w}:user/admin`] },
      Action: ["s3:PutObject", "s3:PutObjectAcl"],
      Resource: [`arn:aws:s3:::${bucket}/*`],
    }));
    if (a.id === org.DENYING_BUCKET.account && bucket === org.DENYING_BUCKET.bucket)
      statements.push({
        Effect: "Deny",
        Principal: { AWS: [`arn:aws:iam::${a.id}:role/${org.READ_ROLE}`] },
        Action: ["s3:ListBucket", "s3:GetObjectAcl"],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      });
    if (statements.length > 0)
      await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy(statements) }));
    for (let i = 0; i < org.OWN_KEYS_PER_BUCKET; i++)
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `own/${i}.txt`, Body: `own ${i}` }));
  }
}
// Another account's bucket is reached as "tenant:bucket" on the gateway (AWS bucket names are global instead).
for (const w of org.WRITES) {
  const s3 = clientOf(w.writer);
  for (let i = 0; i < w.count; i++)
    await s3.send(
      new PutObjectCommand({
        Bucket: `${w.ownerAccount}:${w.bucket}`,
        Key: `${w.prefix}${i}.bin`,
        Body: `written by ${w.writer}`,
        ...(w.acl === "none" ? {} : { ACL: w.acl }),
      }),
    );
}

// A profile per account: the gateway's role sessions list the buckets of whoever assumed the role, so each
// account's role is assumed with that account's own keys (as one SSO profile per account would).
const credentials = [...members, org.OUTSIDE]
  .map(
    (a) =>
      `[${org.profileOf(a.id)}]\naws_access_key_id = ${org.accessKeyOf(a.id)}\naws_secret_access_key = ${org.secretOf(a.id)}\n`,
  )
  .join("\n");
const config = [...members, org.OUTSIDE]
  .map(
    (a) =>
      `[profile ${org.profileOf(a.id)}]\nregion = us-east-1\nendpoint_url = ${lab.endpoint}\ns3 =\n  addressing_style = path\n`,
  )
  .join("\n");
fs.appendFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE!, `\n# the lab's organization\n${credentials}`);
fs.appendFileSync(process.env.AWS_CONFIG_FILE!, `\n# the lab's organization\n${config}`);
fs.writeFileSync(
  marker,
  JSON.stringify({ endpoint: lab.endpoint, madeAt: new Date().toISOString() }, null, 2),
);
console.error(
  `lab org: ${members.length} accounts and one outside, made in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
