// Where a connection's role is assumed. Two local HTTP servers play an S3-compatible endpoint and an STS endpoint
// (the lab's gateway serves both on one port, so it cannot tell them apart); what is tested is which host our
// credentials code sends the base credentials to.
import http from "node:http";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3For, type AwsTarget } from "@/lib/aws/clients";
import { withStaticKeys } from "@/lib/aws/static-keys.test-helper";
import { storedTarget } from "@/lib/connections/identities";
import type { AddressInfo } from "node:net";

const assumeRoleAnswer = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIATEMPORARY</AccessKeyId><SecretAccessKey>temporary</SecretAccessKey>
<SessionToken>token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>
</AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>`;

type Seen = { assumeRole: number; signedBy: string[] };

/** A server that answers AssumeRole to anyone and an empty listing to everything else, and counts both. */
function fakeEndpoint(seen: Seen) {
  return http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      if (/Action=AssumeRole/.test(body + (req.url ?? ""))) {
        seen.assumeRole++;
        res.writeHead(200, { "content-type": "text/xml" });
        res.end(assumeRoleAnswer);
        return;
      }
      seen.signedBy.push(/Credential=([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "?");
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        '<?xml version="1.0"?><ListBucketResult><Name>b</Name><KeyCount>0</KeyCount></ListBucketResult>',
      );
    });
  });
}

const atS3: Seen = { assumeRole: 0, signedBy: [] };
const atSts: Seen = { assumeRole: 0, signedBy: [] };
const s3Server = fakeEndpoint(atS3);
const stsServer = fakeEndpoint(atSts);
const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

withStaticKeys("AKIDBASEKEY", "base-secret");
beforeAll(async () => {
  for (const server of [s3Server, stsServer])
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => {
  s3Server.close();
  stsServer.close();
});

const withRole = (sessionName: string, stsEndpointUrl: string | null): AwsTarget => ({
  profile: null,
  roleArn: "arn:aws:iam::123456789012:role/ownerscope-audit",
  externalId: null,
  sessionName,
  region: "us-east-1",
  endpointUrl: urlOf(s3Server),
  stsEndpointUrl,
  forcePathStyle: true,
});

describe("a connection's read role", () => {
  it("is assumed at the STS endpoint the connection names, and S3 sees only the role's credentials", async () => {
    const client = s3For(withRole("sts-named", urlOf(stsServer)));
    expect((await client.send(new ListObjectsV2Command({ Bucket: "b" }))).KeyCount).toBe(0);
    expect(atSts.assumeRole).toBe(1);
    expect(atS3.assumeRole).toBe(0);
    expect(atS3.signedBy).toEqual(["ASIATEMPORARY"]);
  });

  it("is assumed at AWS STS when no STS endpoint is set: the S3 endpoint never receives the base credentials", async () => {
    atS3.signedBy.length = 0;
    const client = s3For(withRole("sts-default", null));
    // This machine has no route to AWS (and elsewhere AWS refuses the made-up key): either way the request fails.
    await expect(client.send(new ListObjectsV2Command({ Bucket: "b" }))).rejects.toThrow();
    expect(atS3.assumeRole).toBe(0);
    expect(atS3.signedBy).toEqual([]);
  }, 30_000);
});

describe("a target stored by a scan or job before STS had its own endpoint", () => {
  it("assumes its roles where it did then (its S3 endpoint); a stored target that names one keeps it", () => {
    const legacy: Partial<AwsTarget> = withRole("stored", null);
    delete legacy.stsEndpointUrl;
    expect(storedTarget(legacy as AwsTarget).stsEndpointUrl).toBe(urlOf(s3Server));
    expect(storedTarget(withRole("stored", null)).stsEndpointUrl).toBeNull();
  });
});
