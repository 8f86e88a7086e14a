// npm run bench:fix [-- --objects N --concurrency C]
// N foreign objects (written by account A without an ACL, with Content-Type, user metadata and, on a share, tags)
// fixed four ways in one run: Ownerscope's reput, the aws CLI's recursive copy onto itself, a raw SDK HEAD + COPY
// loop (the ceiling), and a raw loop sending the requests a verified fix needs (what Ownerscope's machinery costs).
// Afterwards every object is read back: how many kept Content-Type, metadata and tags.
import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import {
  CopyObjectCommand,
  GetObjectAclCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { credentialsFor } from "@/lib/aws/clients";
import { openDb } from "@/lib/db";
import { iterateFindings } from "@/lib/db/findings";
import { fixJobClient, runFixJob } from "@/lib/jobs/fix-runner";
import { createPlannedJob, subjectOf } from "@/lib/jobs/fixes";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import { fmt, runBench, verdict, writeArtifact } from "./report";
import { createSharedBucket, exists, pool } from "../lab/generate";
import { loadLab, type Lab } from "../lab/lab-env";
import { startLatencyProxy } from "../lab/latency-proxy";
import { watchRequests } from "../lab/watch-requests";

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    objects: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "16" },
    // Every request held this long on its way to the lab, as by a distant endpoint (0: the lab as it is).
    "latency-ms": { type: "string", default: "0" },
  },
});
const N = Number(values.objects);
const C = Number(values.concurrency);
const latencyMs = Number(values["latency-ms"]);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const bucket = "bench-fix";

const metadataOf = (i: number) => ({ bench: "fix", index: String(i) });
const tagsOf = (i: number): Record<string, string> => (i % 10 === 0 ? { tenth: String(i) } : {});

async function seed(lab: Lab, prefix: string) {
  const keys = Array.from({ length: N }, (_, i) => i);
  await pool(keys, 64, async (i) => {
    const tags = tagsOf(i);
    await lab.a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${prefix}${String(i).padStart(6, "0")}.json`,
        Body: JSON.stringify({ i, pad: "x".repeat(64) }),
        ContentType: "application/x-ownerscope-bench",
        Metadata: metadataOf(i),
        Tagging: Object.keys(tags).length ? new URLSearchParams(tags).toString() : undefined,
      }),
    );
  });
}

/** Reads every object back as its writer: how many kept Content-Type, user metadata and tags. */
async function intact(lab: Lab, prefix: string) {
  let ok = 0;
  await pool(
    Array.from({ length: N }, (_, i) => i),
    32,
    async (i) => {
      const where = { Bucket: bucket, Key: `${prefix}${String(i).padStart(6, "0")}.json` };
      const head = await lab.a.send(new HeadObjectCommand(where));
      const tags = await lab.a.send(new GetObjectTaggingCommand(where));
      const gotTags = Object.fromEntries((tags.TagSet ?? []).map((t) => [t.Key, t.Value]));
      if (
        head.ContentType === "application/x-ownerscope-bench" &&
        JSON.stringify(head.Metadata) === JSON.stringify(metadataOf(i)) &&
        JSON.stringify(gotTags) === JSON.stringify(tagsOf(i))
      ) {
        ok++;
      }
    },
  );
  return ok;
}

/** Counts the requests `clients` send from now until the returned function is called (which returns the count). */
function countRequests(...clients: S3Client[]) {
  let sent = 0;
  const stopWatching = watchRequests(clients, () => {
    sent++;
  });
  return () => {
    stopWatching();
    return sent;
  };
}

async function ownerscope(lab: Lab, prefix: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ownerscope-bench-fix-"));
  const db = openDb(path.join(dir, "ownerscope.db"));
  const read = lab.target(lab.roles.audit.profile);
  const scanStarted = performance.now();
  const { scanId } = prepareScan(
    db,
    { connectionId: null, target: read, bucket, prefix, mode: "fast", versions: false, concurrency: C },
    false,
  );
  const scan = await runScan(db, scanId);
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  // The job's own clients, counted from here: the fix alone.
  const stopCounting = countRequests(
    fixJobClient(read, C),
    fixJobClient(lab.target(lab.roles.fix.profile), C),
  );
  const started = performance.now();
  const subjects = [...iterateFindings(db, scanId)]
    .filter((f) => f.owner.id !== lab.bucketOwner.canonicalId)
    .map(subjectOf);
  const jobId = createPlannedJob(db, {
    connectionId: null,
    scanId,
    bucket,
    targets: {
      bucketOwnerId: scan.bucketOwnerId!,
      read,
      owner: null,
      fixers: { [lab.writer.canonicalId]: lab.target(lab.roles.fix.profile) },
    },
    concurrency: C,
    actor: "bench",
    subjects,
    requested: "reput",
    context: {
      bucketOwnerId: scan.bucketOwnerId!,
      fixers: new Set([lab.writer.canonicalId]),
      ownerCanWrite: false,
      accountName: (id) => id,
      versioning: "Disabled",
    },
  });
  const job = await runFixJob(db, jobId);
  const seconds = (performance.now() - started) / 1000;
  const requests = stopCounting();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    fixed: job.counts.fixed,
    failed: job.counts.failed,
    seconds,
    scanSeconds,
    perSecond: job.counts.fixed / seconds,
    requestsPerObject: requests / N,
  };
}

async function awsCli(lab: Lab, prefix: string) {
  try {
    await run("aws", ["--version"]);
  } catch {
    return null;
  }
  const started = performance.now();
  // As account A's own user: aws CLI v1 cannot assume the lab's role (its STS error parsing fails on RGW's XML).
  await run(
    "aws",
    [
      "s3",
      "cp",
      `s3://${bucket}/${prefix}`,
      `s3://${bucket}/${prefix}`,
      "--recursive",
      "--acl",
      "bucket-owner-full-control",
      "--metadata-directive",
      "REPLACE",
      "--only-show-errors",
      "--profile",
      lab.writer.profile,
      "--endpoint-url",
      lab.endpoint,
    ],
    { env: { ...process.env, AWS_EC2_METADATA_DISABLED: "true" }, maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: N / seconds };
}

function rawClient(lab: Lab, profile: string) {
  const target = lab.target(profile);
  return new S3Client({
    region: target.region,
    endpoint: target.endpointUrl!,
    forcePathStyle: true,
    credentials: credentialsFor(target),
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: C }) },
  });
}

async function listKeys(client: S3Client, prefix: string) {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/**
 * A raw SDK loop, C at a time: HEAD then COPY onto itself with the ACL and the headers restated. With `verified`,
 * it also does the rest of what a safe fix must: the owner and grants read as the writer beside the HEAD (the
 * re-check before the write), tags read where HEAD counts some and put back, and the owner and grants read back
 * through the read role (the requests Ownerscope sends, without its job store and guards).
 */
async function rawLoop(lab: Lab, prefix: string, verified: boolean) {
  const client = rawClient(lab, lab.roles.fix.profile);
  const reader = rawClient(lab, lab.roles.audit.profile);
  const keys = await listKeys(client, prefix);
  const stopCounting = countRequests(client, reader);
  const started = performance.now();
  await pool(keys, C, async (Key) => {
    const where = { Bucket: bucket, Key };
    const [head] = await Promise.all([
      client.send(new HeadObjectCommand(where)),
      verified ? client.send(new GetObjectAclCommand(where)) : null,
    ]);
    const tags =
      verified && head.TagCount ? (await client.send(new GetObjectTaggingCommand(where))).TagSet : [];
    await client.send(
      new CopyObjectCommand({
        ...where,
        CopySource: `${bucket}/${encodeURIComponent(Key)}`,
        ACL: "bucket-owner-full-control",
        MetadataDirective: "REPLACE",
        ContentType: head.ContentType,
        Metadata: head.Metadata,
        StorageClass: head.StorageClass,
      }),
    );
    if (tags?.length) await client.send(new PutObjectTaggingCommand({ ...where, Tagging: { TagSet: tags } }));
    if (verified) await reader.send(new GetObjectAclCommand(where));
  });
  const seconds = (performance.now() - started) / 1000;
  const requests = stopCounting();
  client.destroy();
  reader.destroy();
  return { seconds, perSecond: keys.length / seconds, requestsPerObject: requests / keys.length };
}

async function main() {
  const direct = loadLab();
  const proxy = latencyMs > 0 ? await startLatencyProxy(direct.endpoint, latencyMs) : null;
  // Every contender's requests go through the proxy (seeding and reading back do not).
  const lab: Lab = proxy
    ? { ...direct, endpoint: proxy.url, target: (p) => ({ ...direct.target(p), endpointUrl: proxy.url }) }
    : direct;
  if (!(await exists(lab.b, bucket))) await createSharedBucket(lab, bucket, { writerCanList: true });
  const run = Date.now().toString(36);
  const prefixes = {
    ownerscope: `${run}/ownerscope/`,
    cli: `${run}/cli/`,
    ceiling: `${run}/ceiling/`,
    same: `${run}/same-work/`,
  };
  log(`seeding ${N} foreign objects four times (a tenth of them tagged)…`);
  for (const p of Object.values(prefixes)) await seed(lab, p);

  log("ceiling: raw SDK HEAD + COPY loop…");
  const raw = await rawLoop(lab, prefixes.ceiling, false);
  log("raw SDK loop doing the same verified work…");
  const same = await rawLoop(lab, prefixes.same, true);
  log("Ownerscope reput…");
  const ours = await ownerscope(lab, prefixes.ownerscope);
  log("aws s3 cp --recursive…");
  const cli = await awsCli(lab, prefixes.cli);
  log("reading every object back…");
  const intactOurs = await intact(lab, prefixes.ownerscope);
  const intactCli = cli ? await intact(lab, prefixes.cli) : 0;
  const intactRaw = await intact(lab, prefixes.ceiling);
  const intactSame = await intact(lab, prefixes.same);

  const lines = [
    `Ownerscope fix benchmark (${N} foreign objects, concurrency ${C}, Ceph RGW lab, ${os.cpus().length} cores${latencyMs ? `, ${latencyMs} ms added to every request` : ""})`,
    `raw SDK HEAD+COPY loop (ceiling): ${fmt(raw.perSecond)} objects/s (${fmt(raw.seconds, 1)} s); intact ${intactRaw}/${N} (it does not put tags back)`,
    `raw SDK loop doing the same verified work (GetObjectAcl as the writer with HEAD, tags where counted and put back, COPY, GetObjectAcl as the read role): ${fmt(same.perSecond)} objects/s (${fmt(same.seconds, 1)} s); intact ${intactSame}/${N}`,
    `Ownerscope reput: ${fmt(ours.perSecond)} objects/s (${fmt(ours.seconds, 1)} s, ${ours.fixed} fixed, ${ours.failed} failed; the scan before it took ${fmt(ours.scanSeconds, 1)} s); intact ${intactOurs}/${N}`,
    cli
      ? `aws s3 cp --recursive --acl bucket-owner-full-control --metadata-directive REPLACE: ${fmt(cli.perSecond)} objects/s (${fmt(cli.seconds, 1)} s); intact ${intactCli}/${N}`
      : "aws CLI: not installed, comparison skipped",
    `requests per fixed object: ceiling ${fmt(raw.requestsPerObject, 2)}, same verified work ${fmt(same.requestsPerObject, 2)}, Ownerscope ${fmt(ours.requestsPerObject, 2)}`,
    `Ownerscope / ceiling: ${fmt(ours.perSecond / raw.perSecond, 2)}x (target >= 0.85x: ${verdict(ours.perSecond >= 0.85 * raw.perSecond)})`,
    `Ownerscope / the same work in a raw loop: ${fmt(ours.perSecond / same.perSecond, 2)}x (what the job store, ETag guards, retries and limiter cost)`,
    cli
      ? `Ownerscope / aws CLI: ${fmt(ours.perSecond / cli.perSecond, 1)}x (target >= 4x: ${verdict(ours.perSecond >= 4 * cli.perSecond)})`
      : "",
    `metadata intact with Ownerscope: ${fmt((intactOurs / N) * 100, 1)}% (target 100%: ${verdict(intactOurs === N)})`,
  ].filter(Boolean);
  process.stdout.write(`${lines.join("\n")}\n`);
  writeArtifact("bench-fix", {
    N,
    C,
    latencyMs,
    raw,
    same,
    ours,
    cli,
    intactOurs,
    intactCli,
    intactRaw,
    intactSame,
  });
  proxy?.close();
}

runBench(main);
