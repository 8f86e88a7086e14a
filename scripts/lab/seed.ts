// Seeds the lab with the customer's cross-account scenario and writes the tests' ground truth.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
//
//   npm run seed                                  the scenario (skipped when it is already there)
//   npm run seed -- --scenario-bucket NAME         also a copy of the main scenario in bucket NAME (repeatable)
//   npm run seed -- --objects N --foreign-share F [--bucket B] [--prefix P]
//                                                 also N generated keys, F of them written by A without an ACL
//
// It acts as the two accounts themselves (static-key profiles account-b and account-a of the lab's AWS files),
// so it talks to S3 directly rather than through Ownerscope.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
} from "@aws-sdk/client-s3";
import { ACL_BUCKET, LOGS_BUCKET, writeAclLogs, writeAclScenario } from "./acl-scenario";
import { createSharedBucket, exists, pool, seedGenerated } from "./generate";
import { loadLab, type Lab } from "./lab-env";
import {
  CLEAN_BUCKET,
  MAIN_BUCKET,
  VERSIONED_BUCKET,
  cleanSpecs,
  describe,
  put,
  writeScenarioObjects,
  type Spec,
  type Writer,
} from "./scenario";
import type { ManifestObject, SeedManifest } from "./manifest";

async function seedScenario(lab: Lab): Promise<SeedManifest> {
  const objects: ManifestObject[] = [];
  const clientOf = (w: Writer) => (w === "a" ? lab.a : lab.b);

  await createSharedBucket(lab, MAIN_BUCKET);
  objects.push(...(await writeScenarioObjects(lab, MAIN_BUCKET)));

  // A versioned bucket whose current versions are B's but whose noncurrent versions are still A's.
  await createSharedBucket(lab, VERSIONED_BUCKET);
  await lab.b.send(
    new PutBucketVersioningCommand({
      Bucket: VERSIONED_BUCKET,
      VersioningConfiguration: { Status: "Enabled" },
    }),
  );
  const sequence: Spec[] = [
    { key: "shared/report.csv", writer: "a", acl: "none", body: "v1 by A\n" },
    { key: "shared/report.csv", writer: "b", acl: "none", body: "v2 by B, over A's\n" },
    { key: "shared/still-foreign.csv", writer: "a", acl: "none", body: "current and A's\n" },
    { key: "deleted/by-b.txt", writer: "a", acl: "none", body: "A's, then deleted by B\n" },
  ];
  const versioned: ManifestObject[] = [];
  for (const spec of sequence)
    versioned.push(
      describe(lab, VERSIONED_BUCKET, spec, await put(clientOf(spec.writer), VERSIONED_BUCKET, spec)),
    );
  await lab.b.send(new DeleteObjectCommand({ Bucket: VERSIONED_BUCKET, Key: "deleted/by-b.txt" }));
  // Which version is latest, and the delete marker, come from the bucket itself.
  const listed = await lab.b.send(new ListObjectVersionsCommand({ Bucket: VERSIONED_BUCKET }));
  for (const v of versioned)
    v.isLatest = listed.Versions?.some((l) => l.VersionId === v.versionId && l.IsLatest) ?? false;
  for (const m of listed.DeleteMarkers ?? []) {
    versioned.push({
      ...describe(
        lab,
        VERSIONED_BUCKET,
        { key: m.Key!, writer: "b", acl: "none", body: "" },
        { etag: "", versionId: m.VersionId },
      ),
      isLatest: m.IsLatest ?? false,
      deleteMarker: true,
      size: 0,
    });
  }
  objects.push(...versioned);

  await lab.b.send(new CreateBucketCommand({ Bucket: CLEAN_BUCKET }));
  await pool(cleanSpecs, 4, async (spec) => {
    objects.push(describe(lab, CLEAN_BUCKET, spec, await put(lab.b, CLEAN_BUCKET, spec)));
  });

  // Disabling ACLs: a bucket whose ACLs still matter, and its logs (its ground truth is knownAnswer()).
  await writeAclScenario(lab, ACL_BUCKET);
  await writeAclLogs(lab, LOGS_BUCKET, ACL_BUCKET);

  objects.sort((x, y) => (x.bucket + "\0" + x.key).localeCompare(y.bucket + "\0" + y.key));
  return {
    createdAt: new Date().toISOString(),
    endpoint: lab.endpoint,
    bucketOwner: lab.bucketOwner,
    writer: lab.writer,
    buckets: [
      {
        name: MAIN_BUCKET,
        owner: lab.bucketOwner.canonicalId,
        versioning: false,
        foreignWritesAllowed: true,
      },
      {
        name: VERSIONED_BUCKET,
        owner: lab.bucketOwner.canonicalId,
        versioning: true,
        foreignWritesAllowed: true,
      },
      {
        name: CLEAN_BUCKET,
        owner: lab.bucketOwner.canonicalId,
        versioning: false,
        foreignWritesAllowed: false,
      },
    ],
    objects,
    generated: [],
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      objects: { type: "string" },
      "foreign-share": { type: "string" },
      bucket: { type: "string" },
      prefix: { type: "string" },
      "scenario-bucket": { type: "string", multiple: true },
    },
    strict: true,
  });
  const count = values.objects === undefined ? 0 : Number(values.objects);
  const share = values["foreign-share"] === undefined ? 0.01 : Number(values["foreign-share"]);
  if (!Number.isInteger(count) || count < 0) throw new Error("--objects takes a whole number");
  if (!(share >= 0 && share <= 1)) throw new Error("--foreign-share takes a fraction from 0 to 1");

  const lab = loadLab();
  const manifestPath = path.join(lab.dir, "seed-manifest.json");
  let manifest: SeedManifest;
  if (await exists(lab.b, MAIN_BUCKET)) {
    if (!fs.existsSync(manifestPath))
      throw new Error(`${MAIN_BUCKET} exists but ${manifestPath} does not: restart the lab`);
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as SeedManifest;
    process.stderr.write(`seed: the scenario is already in the lab (${manifestPath})\n`);
  } else {
    const started = Date.now();
    manifest = await seedScenario(lab);
    process.stderr.write(
      `seed: scenario of ${manifest.objects.length} objects written in ${Date.now() - started} ms\n`,
    );
  }
  // Copies of the main scenario in buckets of their own, for tests that change objects (fix-ups).
  for (const bucket of values["scenario-bucket"] ?? []) {
    if (await exists(lab.b, bucket)) continue;
    await createSharedBucket(lab, bucket);
    manifest.objects.push(...(await writeScenarioObjects(lab, bucket)));
    manifest.buckets.push({
      name: bucket,
      owner: lab.bucketOwner.canonicalId,
      versioning: false,
      foreignWritesAllowed: true,
    });
  }
  if (count > 0) {
    manifest.generated.push(
      await seedGenerated(
        lab,
        values.bucket ?? MAIN_BUCKET,
        values.prefix ?? `generated-${Date.now()}/`,
        count,
        share,
      ),
    );
  }
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  process.stdout.write(`${manifestPath}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`seed: ${(error as Error).message}\n`);
  process.exit(1);
});
