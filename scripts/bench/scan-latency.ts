// bench:scan --latency-ms L: listing at a distant endpoint's latency (the lab behind scripts/lab/latency-proxy.ts),
// where one ListObjectsV2 stream waits for every page before it can ask for the next. Contenders, alternated three
// times, medians compared: one stream (the floor every single-stream tool is held to), an s3p-style bisection lister
// written here (each full page splits the rest of its range at the code point midpoint between its last key and
// its end, as generalui/s3p does), and Ownerscope's fast scan; its full scan runs once beside them.
import http from "node:http";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { credentialsFor } from "@/lib/aws/clients";
import { compareKeys } from "@/lib/keys";
import { fmt, verdict } from "./report";
import type { Lab } from "../lab/lab-env";

type Run = { keys: number; seconds: number; keysPerSecond: number };

/** A plain SDK client as the read role with `sockets` connections: what the raw contenders send through. */
export function rawClientOf(lab: Lab, sockets: number) {
  const target = lab.target(lab.roles.audit.profile);
  return new S3Client({
    region: target.region,
    endpoint: target.endpointUrl!,
    forcePathStyle: true,
    credentials: credentialsFor(target),
    requestHandler: { httpAgent: new http.Agent({ keepAlive: true, maxSockets: sockets }) },
  });
}

const timed = async (count: () => Promise<number>): Promise<Run> => {
  const started = performance.now();
  const keys = await count();
  const seconds = (performance.now() - started) / 1000;
  return { keys, seconds, keysPerSecond: keys / seconds };
};

/** One ListObjectsV2 stream with owners, every page waiting for the one before. */
export function singleStream(lab: Lab, bucket: string): Promise<Run> {
  const s3 = rawClientOf(lab, 1);
  return timed(async () => {
    let keys = 0;
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, FetchOwner: true }),
      );
      keys += page.KeyCount ?? page.Contents?.length ?? 0;
      token = page.NextContinuationToken;
    } while (token);
    s3.destroy();
    return keys;
  });
}

/** The code point midpoint of two keys (b null: the end of printable ASCII), or null when none lies between. */
function midpoint(a: string, b: string | null): string | null {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = b === null ? [] : Array.from(b, (c) => c.codePointAt(0)!);
  // Once a's code point is just below b's, b no longer bounds the positions after it.
  let bounded = b !== null;
  for (let i = 0; i < 16; i++) {
    const lo = x[i] ?? 0x1f;
    const hi = bounded ? (y[i] ?? 0) : 0x7f;
    if (hi - lo >= 2) return String.fromCodePoint(...x.slice(0, i), Math.floor((lo + hi) / 2));
    if (hi < lo || x[i] === undefined) return null;
    if (hi - lo === 1) bounded = false;
  }
  return null;
}

/** s3p's way: C workers; a range whose page comes back full gives the rest of itself past the midpoint to the pool. */
export function bisectionLister(lab: Lab, bucket: string, concurrency: number): Promise<Run> {
  const s3 = rawClientOf(lab, concurrency);
  return timed(async () => {
    let keys = 0;
    const queue: { after: string | null; through: string | null }[] = [{ after: null, through: null }];
    let active = 0;
    await new Promise<void>((done, fail) => {
      const pump = () => {
        if (queue.length === 0 && active === 0) return done();
        while (active < concurrency && queue.length > 0) {
          const range = queue.shift()!;
          active++;
          listRange(range).then(() => {
            active--;
            pump();
          }, fail);
        }
      };
      const listRange = async (range: { after: string | null; through: string | null }) => {
        let after = range.after;
        let through = range.through;
        for (;;) {
          const page = await s3.send(
            new ListObjectsV2Command({ Bucket: bucket, StartAfter: after ?? undefined, FetchOwner: true }),
          );
          const contents = page.Contents ?? [];
          let kept = 0;
          while (
            kept < contents.length &&
            (through === null || compareKeys(contents[kept]!.Key!, through) <= 0)
          )
            kept++;
          keys += kept;
          if (!page.IsTruncated || kept < contents.length || kept === 0) return;
          after = contents[kept - 1]!.Key!;
          if (queue.length + active < concurrency * 2) {
            const mid = midpoint(after, through);
            if (
              mid !== null &&
              compareKeys(mid, after) > 0 &&
              (through === null || compareKeys(mid, through) < 0)
            ) {
              queue.push({ after: mid, through });
              through = mid;
              pump();
            }
          }
        }
      };
      pump();
    });
    s3.destroy();
    return keys;
  });
}

export type LatencyReport = { single: Run; bisection: Run; fast: Run; full: Run | null };

/** The lines of the latency run, with the targets: fast >= 1.8x one stream and >= 0.9x the bisection lister. */
export function latencyLines(r: LatencyReport, latencyMs: number, title: string): string[] {
  return [
    `${title}, ${latencyMs} ms added to every request`,
    `one ListObjectsV2 stream: ${fmt(r.single.keysPerSecond)} keys/s (${fmt(r.single.seconds, 1)} s, median of 3)`,
    `s3p-style bisection lister: ${fmt(r.bisection.keysPerSecond)} keys/s (${fmt(r.bisection.seconds, 1)} s, median of 3)`,
    `Ownerscope fast scan: ${fmt(r.fast.keysPerSecond)} keys/s (${fmt(r.fast.seconds, 1)} s, median of 3)`,
    `fast / one stream: ${fmt(r.fast.keysPerSecond / r.single.keysPerSecond, 2)}x (target >= 1.8x: ${verdict(r.fast.keysPerSecond >= 1.8 * r.single.keysPerSecond)})`,
    `fast / bisection: ${fmt(r.fast.keysPerSecond / r.bisection.keysPerSecond, 2)}x (target >= 0.9x: ${verdict(r.fast.keysPerSecond >= 0.9 * r.bisection.keysPerSecond)})`,
    r.full
      ? `Ownerscope full scan (one run): ${fmt(r.full.keysPerSecond)} keys/s (${fmt(r.full.seconds, 1)} s)`
      : "full scan: skipped (--fast-only)",
  ];
}
