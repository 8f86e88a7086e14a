// The lab has one region, so S3's cross-region answer (301 PermanentRedirect naming the bucket's region) is played by a
// local HTTP server here: what is tested is our client's handling of that answer, not S3.
import http from "node:http";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3For } from "@/lib/aws/clients";
import { withStaticKeys } from "@/lib/aws/static-keys.test-helper";
import type { AddressInfo } from "node:net";

const signedFor: string[] = [];
const server = http.createServer((req, res) => {
  const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "?";
  signedFor.push(region);
  if (region !== "ap-southeast-2") {
    res.writeHead(301, { "x-amz-bucket-region": "ap-southeast-2", "content-type": "application/xml" });
    res.end('<?xml version="1.0"?><Error><Code>PermanentRedirect</Code><Message>elsewhere</Message></Error>');
  } else if (req.method === "HEAD") {
    res.writeHead(200, { etag: '"e"', "content-length": "1" });
    res.end();
  } else {
    res.writeHead(200, { "content-type": "application/xml" });
    res.end('<?xml version="1.0"?><ListBucketResult><Name>b</Name><KeyCount>0</KeyCount></ListBucketResult>');
  }
});

withStaticKeys("AKIDEXAMPLE", "secret");
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  server.close();
});

describe("a bucket in another region than the connection's", () => {
  it("is reached through S3's redirect once, then directly", async () => {
    const client = s3For({
      profile: null,
      roleArn: null,
      externalId: null,
      sessionName: "region-test",
      region: "us-east-1",
      endpointUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      stsEndpointUrl: null,
      forcePathStyle: true,
    });
    expect((await client.send(new ListObjectsV2Command({ Bucket: "far-away" }))).KeyCount).toBe(0);
    expect((await client.send(new HeadObjectCommand({ Bucket: "far-away", Key: "k" }))).ETag).toBe('"e"');
    expect((await client.send(new ListObjectsV2Command({ Bucket: "far-away" }))).KeyCount).toBe(0);
    expect(signedFor).toEqual(["us-east-1", "ap-southeast-2", "ap-southeast-2", "ap-southeast-2"]);
  });
});
