// The raw floor of a fast scan, as a command: the bucket's owner from its ACL, then the listing with FetchOwner, and
// GetObjectAcl of every key another account owns, C at a time while the listing goes on. Nothing is stored or
// printed but a count. bench:scan times it in-process and as its own command beside `ownerscope scan --mode fast`.
//   node scripts/bench/raw-fast.mjs BUCKET CONCURRENCY   (against the lab of OWNERSCOPE_LAB_DIR)
import { GetBucketAclCommand, GetObjectAclCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { rawClientOf } from "./scan-latency";
import { loadLab, type Lab } from "../lab/lab-env";

export async function rawFastLoop(lab: Lab, bucket: string, concurrency: number) {
  const client = rawClientOf(lab, concurrency);
  const started = performance.now();
  const owner = (await client.send(new GetBucketAclCommand({ Bucket: bucket }))).Owner?.ID;
  const inFlight = new Set<Promise<unknown>>();
  let keys = 0;
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token, FetchOwner: true }),
    );
    for (const o of page.Contents ?? []) {
      keys++;
      if (o.Owner?.ID === owner) continue;
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      const acl: Promise<unknown> = client
        .send(new GetObjectAclCommand({ Bucket: bucket, Key: o.Key! }))
        .finally(() => inFlight.delete(acl));
      inFlight.add(acl);
    }
    token = page.NextContinuationToken;
  } while (token);
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  client.destroy();
  return { keys, seconds, keysPerSecond: keys / seconds };
}

/** Run as a command: prints the count of keys as JSON. */
export async function rawFastCommand(args: string[]) {
  const [bucket, concurrency] = args;
  if (!bucket || !Number(concurrency)) throw new Error("usage: raw-fast BUCKET CONCURRENCY");
  const run = await rawFastLoop(loadLab(), bucket, Number(concurrency));
  process.stdout.write(`${JSON.stringify({ keys: run.keys })}\n`);
}
