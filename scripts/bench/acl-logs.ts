// npm run bench:acl-logs [-- --lines N --files F]
// Disabling ACLs, the evidence from logs: N server access log lines (default 1,000,000, in F files, default 20) in
// AWS's format are stored in a lab bucket, then read by Ownerscope's reader (listing, streaming, parsing, tallying
// per requester) with its time and peak memory, against the raw physical limit in the same run: the same files
// streamed from the gateway and split into lines, with nothing parsed.
// Target: a million lines in well under a minute with memory flat (bounded tallies: heap growth under 64 MB); the
// ratio to the raw read says what parsing and tallying cost on top of moving the bytes.
import { parseArgs } from "node:util";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { boundedLines } from "@/lib/aws/lines";
import { readAccessLogs } from "@/lib/aws/log-files";
import { liveSettings } from "@/lib/env";
import { EvidenceTally } from "@/lib/migrate/evidence";
import { ReadBudget } from "@/lib/migrate/read-budget";
import { fmt, measured, runBench, verdict, writeArtifact } from "./report";
import { accessLogLine } from "../lab/acl-logs";
import { exists } from "../lab/generate";
import { loadLab } from "../lab/lab-env";
import { prng } from "../lab/prng";

const { values } = parseArgs({
  options: { lines: { type: "string", default: "1000000" }, files: { type: "string", default: "20" } },
});
const N = Number(values.lines);
const F = Number(values.files);
const BUCKET = "acl-logs-bench";
const SOURCE = "bucket-under-audit";
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

runBench(async () => {
  const lab = loadLab();
  const prefix = `logs-${N}-${F}/`;
  if (!(await exists(lab.b, BUCKET))) await lab.b.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const listed = await lab.b.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  let bytes = 0;
  if ((listed.KeyCount ?? 0) < F) {
    log(`writing ${fmt(N)} access log lines in ${F} files`);
    const random = prng(17);
    // 500 requesters, a few of them reading through ACLs or sending other ACLs; odd keys URL-encoded.
    const requesters = Array.from(
      { length: 500 },
      (_, i) => `arn:aws:iam::${String(100000000000 + i)}:user/app-${i}`,
    );
    const operations = [
      "REST.GET.OBJECT",
      "REST.PUT.OBJECT",
      "REST.HEAD.OBJECT",
      "REST.GET.BUCKET",
      "REST.PUT.ACL",
    ];
    const start = Date.UTC(2026, 10, 1);
    for (let f = 0; f < F; f++) {
      const lines: string[] = [];
      for (let i = 0; i < N / F; i++) {
        const r = random.int(requesters.length);
        const operation = operations[random.int(r % 50 === 0 ? 5 : 4)]!;
        lines.push(
          accessLogLine({
            bucketOwner: lab.bucketOwner.canonicalId,
            bucket: SOURCE,
            time: new Date(start + (f * (N / F) + i) * 1000),
            requester: requesters[r]!,
            operation,
            key: `exports/2026-11/${r % 7}/part ${i % 1000}+final.csv`,
            aclRequired: r % 25 === 0 && operation.startsWith("REST.GET"),
          }),
        );
      }
      const body = `${lines.join("\n")}\n`;
      await lab.b.send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: `${prefix}2026-11-${String(f).padStart(4, "0")}`,
          Body: body,
        }),
      );
    }
  }

  (globalThis as { gc?: () => void }).gc?.();
  const raw = await measured(async () => {
    let lines = 0;
    const page = await lab.b.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
    for (const o of page.Contents ?? []) {
      const body = (await lab.b.send(new GetObjectCommand({ Bucket: BUCKET, Key: o.Key! })))
        .Body as AsyncIterable<Uint8Array>;
      for await (const line of boundedLines(body, 64 * 1024, o.Key!)) if (line) lines++;
      bytes += o.Size ?? 0;
    }
    return lines;
  });
  const ours = await measured(async () => {
    const tally = new EvidenceTally({ bucket: SOURCE, since: null });
    await readAccessLogs(
      lab.b,
      { bucket: BUCKET, prefix },
      null,
      tally,
      new ReadBudget(liveSettings().evidence),
    );
    return tally.result();
  });
  const evidence = ours.result;
  if (evidence.sources.accessLogLines !== N || raw.result !== N)
    throw new Error(`read ${evidence.sources.accessLogLines} lines (raw ${raw.result}), wrote ${N}`);
  const depending = evidence.requesters.filter((r) => r.readsThroughAcl + r.writesWithOtherAcl > 0).length;
  const ratio = ours.seconds / raw.seconds;
  const figures = {
    lines: N,
    files: F,
    megabytes: bytes / 2 ** 20,
    ownerscope: {
      seconds: ours.seconds,
      linesPerSecond: N / ours.seconds,
      rssGrowthMb: ours.rssGrowthMb,
      heapGrowthMb: ours.heapGrowthMb,
    },
    raw: { seconds: raw.seconds, linesPerSecond: N / raw.seconds, rssGrowthMb: raw.rssGrowthMb },
    ratio,
    requesters: evidence.requesters.length,
    dependingOnAcls: depending,
  };
  writeArtifact("bench-acl-logs", figures);
  process.stdout.write(
    [
      `access logs: ${fmt(N)} lines, ${fmt(bytes / 2 ** 20, 1)} MB in ${F} files; ${fmt(evidence.requesters.length)} requesters, ${depending} relying on ACLs`,
      `Ownerscope: ${fmt(ours.seconds, 2)} s (${fmt(N / ours.seconds)} lines/s), heap +${fmt(ours.heapGrowthMb, 1)} MB, RSS +${fmt(ours.rssGrowthMb, 1)} MB`,
      `raw read (stream and split lines, nothing parsed): ${fmt(raw.seconds, 2)} s (${fmt(N / raw.seconds)} lines/s)`,
      `${fmt(ratio, 2)}x the raw read; under a minute, heap growth under 64 MB: ${verdict(ours.seconds < 60 && ours.heapGrowthMb < 64)}`,
    ].join("\n") + "\n",
  );
});
