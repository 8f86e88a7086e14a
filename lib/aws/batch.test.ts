// The Batch Operations hand-off as the real SDK sends it, to a local endpoint that records every request: the
// manifest upload and CreateJob, their shape and their signatures (no AWS account is needed, none is touched).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeBatchJob, submitBatchJobs } from "@/lib/aws/batch";
import type { AwsTarget } from "@/lib/aws/clients";
import { manifestLine, planJobs, type HandoffInput, type HandoffObject } from "@/lib/fix/batch-handoff";
import type { AddressInfo } from "node:net";

type Recorded = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
const recorded: Recorded[] = [];
let server: http.Server;
let target: AwsTarget;

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = "AKIDRECORDER0000";
  process.env.AWS_SECRET_ACCESS_KEY = "recorder-secret";
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      recorded.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.method === "PUT") {
        res.writeHead(200, { ETag: '"abc123"' }).end();
      } else if (req.method === "POST" && req.headers["x-amz-account-id"] === "999999999999") {
        res
          .writeHead(501, { "content-type": "application/xml" })
          .end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code></Error>');
      } else if (req.method === "POST" && req.url === "/v20180820/jobs") {
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><CreateJobResult><JobId>job-0001</JobId></CreateJobResult>',
          );
      } else if (req.method === "GET" && req.url?.startsWith("/v20180820/jobs/job-0001")) {
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            '<?xml version="1.0" encoding="UTF-8"?><DescribeJobResult><Job><JobId>job-0001</JobId><Status>Active</Status>' +
              "<ProgressSummary><TotalNumberOfTasks>4</TotalNumberOfTasks><NumberOfTasksSucceeded>3</NumberOfTasksSucceeded>" +
              "<NumberOfTasksFailed>0</NumberOfTasksFailed></ProgressSummary></Job></DescribeJobResult>",
          );
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  target = {
    profile: null,
    roleArn: null,
    externalId: null,
    sessionName: null,
    region: "us-east-1",
    endpointUrl: `http://127.0.0.1:${port}`,
    stsEndpointUrl: null,
    forcePathStyle: true,
  };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const input: HandoffInput = {
  bucket: "logs-b",
  accountId: "111122223333",
  strategy: "grant",
  workBucket: "a-batch-work",
  workPrefix: "ownerscope/logs-b/",
  roleName: "ownerscope-batch",
  versions: false,
};
const objects: HandoffObject[] = ["plain.txt", "a b+c/é 日本.csv", '100%,"quoted".txt', "deep/er/key"].map(
  (key) => ({
    key,
    versionId: null,
    size: 1,
    storageClass: "STANDARD",
  }),
);

describe("submitting a hand-off through the SDK", () => {
  it("uploads the manifest and creates the job with its ETag, signed, with the account in its header", async () => {
    const { jobs } = planJobs(input, objects);
    const manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "grant.csv");
    fs.writeFileSync(manifestFile, objects.map((o) => `${manifestLine(input.bucket, o, false)}\n`).join(""));
    const created = await submitBatchJobs(target, input, [{ job: jobs[0]!, manifestFile }]);
    expect(created).toEqual([{ name: "grant", jobId: "job-0001" }]);

    const [put, create] = recorded;
    expect(put).toMatchObject({
      method: "PUT",
      url: "/a-batch-work/ownerscope/logs-b/grant-manifest.csv?x-id=PutObject",
    });
    expect(put!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDRECORDER0000\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    // The manifest parses back to exactly the selected keys.
    const keys = put!.body
      .trim()
      .split("\n")
      .map((line) => line.split(","))
      .map(([bucket, key]) => [bucket, decodeURIComponent(key!.replace(/\+/g, " "))]);
    expect(keys).toEqual(objects.map((o) => ["logs-b", o.key]));

    expect(create).toMatchObject({ method: "POST", url: "/v20180820/jobs" });
    expect(create!.headers["x-amz-account-id"]).toBe("111122223333");
    expect(create!.headers.host).toBe(new URL(target.endpointUrl!).host); // no account prefix on a custom endpoint
    expect(create!.headers.authorization).toMatch(
      /Credential=AKIDRECORDER0000\/\d{8}\/us-east-1\/s3\/aws4_request/,
    );
    // The account header is part of the signature, so it cannot be swapped in transit.
    expect(create!.headers.authorization).toMatch(/SignedHeaders=[^,]*x-amz-account-id/);
    const xml = create!.body;
    for (const fragment of [
      "<ConfirmationRequired>false</ConfirmationRequired>",
      "<S3PutObjectAcl><AccessControlPolicy><CannedAccessControlList>bucket-owner-full-control</CannedAccessControlList></AccessControlPolicy></S3PutObjectAcl>",
      "<Format>S3BatchOperations_CSV_20180820</Format>",
      "<ObjectArn>arn:aws:s3:::a-batch-work/ownerscope/logs-b/grant-manifest.csv</ObjectArn>",
      "<ETag>abc123</ETag>",
      "<RoleArn>arn:aws:iam::111122223333:role/ownerscope-batch</RoleArn>",
      "<Format>Report_CSV_20180820</Format>",
      "<ReportScope>AllTasks</ReportScope>",
    ])
      expect(xml).toContain(fragment);
    expect(xml).toMatch(/<ClientRequestToken>ownerscope-grant-abc123<\/ClientRequestToken>/);
  });

  it("tracks a job's status and progress", async () => {
    expect(await describeBatchJob(target, "111122223333", "job-0001")).toEqual({
      jobId: "job-0001",
      status: "Active",
      total: 4,
      succeeded: 3,
      failed: 0,
      reason: null,
    });
    expect(recorded.at(-1)!.headers["x-amz-account-id"]).toBe("111122223333");
  });

  it("says plainly when the endpoint has no Batch Operations", async () => {
    const other = { ...input, accountId: "999999999999" };
    const { jobs } = planJobs(other, objects);
    const manifestFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "empty.csv");
    fs.writeFileSync(manifestFile, "");
    await expect(submitBatchJobs(target, other, [{ job: jobs[0]!, manifestFile }])).rejects.toThrow(
      "Could not create the Batch Operations job grant: this endpoint does not implement S3 Batch Operations.",
    );
  });
});
