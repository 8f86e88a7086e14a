// Generated keys for tests and benchmarks: N small objects, a share of them written by the foreign account.
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Lab } from "./lab-env";
import type { GeneratedSet } from "./manifest";

export async function exists(client: S3Client, bucket: string): Promise<boolean> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

/** B's bucket policy that lets A write, as in the customer's article (and tag, so A's tagged writes land). */
export async function createSharedBucket(
  lab: Lab,
  bucket: string,
  options: { writerCanList?: boolean } = {},
) {
  await lab.b.send(new CreateBucketCommand({ Bucket: bucket }));
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowAccountAToWrite",
        Effect: "Allow",
        Principal: { AWS: [lab.writer.arn] },
        Action: ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging"],
        Resource: [`arn:aws:s3:::${bucket}/*`],
      },
      // For peers that list before they copy (aws s3 cp --recursive run as account A).
      ...(options.writerCanList
        ? [
            {
              Sid: "AllowAccountAToList",
              Effect: "Allow",
              Principal: { AWS: [lab.writer.arn] },
              Action: ["s3:ListBucket"],
              Resource: [`arn:aws:s3:::${bucket}`],
            },
          ]
        : []),
    ],
  };
  await lab.b.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
}

export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** Writes `count` keys under `prefix`; key i is foreign when floor((i+1)*F) > floor(i*F), spreading them evenly. */
export async function seedGenerated(
  lab: Lab,
  bucket: string,
  prefix: string,
  count: number,
  foreignShare: number,
): Promise<GeneratedSet> {
  if (!(await exists(lab.b, bucket))) await createSharedBucket(lab, bucket);
  // Spread the foreign keys evenly: key i is foreign when floor((i+1)*F) > floor(i*F).
  const isForeign = (i: number) => Math.floor((i + 1) * foreignShare) > Math.floor(i * foreignShare);
  const width = String(Math.max(count - 1, 0)).length;
  const foreignKeys: string[] = [];
  const started = Date.now();
  const indexes = Array.from({ length: count }, (_, i) => i);
  let done = 0;
  await pool(indexes, 64, async (i) => {
    const key = `${prefix}${String(i).padStart(width, "0")}.dat`;
    const foreign = isForeign(i);
    await (foreign ? lab.a : lab.b).send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: `generated ${i}\n` }),
    );
    if (foreign) foreignKeys.push(key);
    if (++done % 5000 === 0) process.stderr.write(`seed: ${done}/${count} generated keys\n`);
  });
  foreignKeys.sort();
  const seconds = (Date.now() - started) / 1000;
  process.stderr.write(
    `seed: ${count} keys in ${bucket}/${prefix} (${foreignKeys.length} foreign) in ${seconds.toFixed(1)} s\n`,
  );
  return {
    bucket,
    prefix,
    count,
    foreignKeys,
    ownerOfOthers: lab.bucketOwner.canonicalId,
    foreignOwner: lab.writer.canonicalId,
  };
}
