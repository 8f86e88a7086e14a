import http from "node:http";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRetryable, isThrottle } from "@/lib/aws/errors";
import { AdaptiveLimiter } from "@/lib/jobs/limiter";
import { parallelListing } from "@/lib/jobs/scan-listing";
import { ListingPlan } from "@/lib/listing/key-space";
import type { AddressInfo } from "node:net";

// An endpoint that always answers the same truncated page, whatever it is asked: a listing that trusted it would ask
// for the next page for ever.
const stuck = (versions: boolean) =>
  versions
    ? '<?xml version="1.0"?><ListVersionsResult><IsTruncated>true</IsTruncated><Version><Key>a</Key><VersionId>v1</VersionId><Size>1</Size></Version></ListVersionsResult>'
    : '<?xml version="1.0"?><ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>';

describe("parallelListing against an endpoint that never goes on", () => {
  let server: http.Server;
  let client: S3Client;
  let versions = false;
  let requests = 0;
  beforeAll(async () => {
    server = http.createServer((_, res) => {
      requests++;
      res.writeHead(200).end(stuck(versions));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    client = new S3Client({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it.each([false, true])("fails the listing instead of asking again for ever (versions: %s)", async (v) => {
    versions = v;
    requests = 0;
    const source = {
      client,
      bucket: "b",
      prefix: "",
      versions: v,
      pageSize: 1000,
      limiter: new AdaptiveLimiter(4),
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1, isRetryable, isThrottle },
      stats: { requests: 0, retries: 0, throttled: 0 },
      signal: new AbortController().signal,
    };
    const plan = new ListingPlan([{ id: 1, range: { after: null, through: null }, at: null, done: false }]);
    const listing = parallelListing(source, plan, 1);
    const drained = (async () => {
      for (let pages = 0; pages < 50; pages++) if ((await listing.next()) === null) return "done";
      return "still asking after 50 pages";
    })();
    await expect(drained).rejects.toThrow(/ends where it was asked to start/);
    expect(requests).toBeLessThanOrEqual(2);
  });
});
