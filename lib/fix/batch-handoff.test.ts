import { describe, expect, it } from "vitest";
import {
  batchRole,
  createJobRequest,
  clientRequestToken,
  copyableClasses,
  handoffScript,
  manifestFile,
  manifestHasVersions,
  manifestLine,
  safePrefix,
  planJobs,
  type HandoffInput,
  type HandoffObject,
} from "@/lib/fix/batch-handoff";
import { COPY_LIMIT_BYTES } from "@/lib/fix/plan";

const input: HandoffInput = {
  bucket: "logs-b",
  accountId: "111122223333",
  strategy: "reput",
  workBucket: "a-batch-work",
  workPrefix: "ownerscope/logs-b/",
  roleName: "ownerscope-batch",
  versions: false,
};
const odd = ["a b+c.txt", "100%/é,日本.csv", "q\"uote's.txt", "x".repeat(900)];
const objects: HandoffObject[] = [
  ...odd.map((key) => ({ key, versionId: null, size: 10, storageClass: "STANDARD" })),
  { key: "cold/1", versionId: null, size: 20, storageClass: "STANDARD_IA" },
  { key: "huge.bin", versionId: null, size: COPY_LIMIT_BYTES + 1, storageClass: "STANDARD" },
];
const decode = (k: string) => decodeURIComponent(k.replace(/\+/g, " "));

describe("Batch Operations hand-off", () => {
  it("writes manifest lines that parse back to exactly the keys, odd ones included", () => {
    for (const o of objects) {
      const [bucket, key, ...rest] = manifestLine("logs-b", o, false).split(",");
      expect(bucket).toBe("logs-b");
      expect(rest).toEqual([]);
      expect(decode(key!)).toBe(o.key);
    }
    expect(manifestLine("logs-b", { key: "k", versionId: "v1", size: 1, storageClass: null }, true)).toBe(
      "logs-b,k,v1",
    );
  });

  it("re-puts one job per storage class, and leaves objects over 5 GB to Ownerscope's multipart path", () => {
    const { jobs, overLimit, total } = planJobs(input, objects);
    expect(jobs.map((j) => [j.name, j.objects])).toEqual([
      ["reput-standard", 4],
      ["reput-standard_ia", 1],
    ]);
    expect(jobs[1]!.operation).toEqual({
      S3PutObjectCopy: {
        TargetResource: "arn:aws:s3:::logs-b",
        CannedAccessControlList: "bucket-owner-full-control",
        MetadataDirective: "COPY",
        StorageClass: "STANDARD_IA",
      },
    });
    expect(overLimit).toEqual({ count: 1, keys: ["huge.bin"] });
    expect(total).toBe(5);
  });

  it("grants in one job, whatever the sizes", () => {
    const { jobs, overLimit } = planJobs({ ...input, strategy: "grant" }, objects);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.operation).toEqual({
      S3PutObjectAcl: { AccessControlPolicy: { CannedAccessControlList: "bucket-owner-full-control" } },
    });
    expect(overLimit).toEqual({ count: 0, keys: [] });
  });

  it("builds the CreateJob request, the role and the commands with the real names", () => {
    const { jobs } = planJobs({ ...input, strategy: "grant", versions: true }, objects);
    const request = createJobRequest(
      { ...input, strategy: "grant", versions: true },
      jobs[0]!,
      "abc123",
      "t-1",
    );
    expect(request).toMatchObject({
      AccountId: "111122223333",
      RoleArn: "arn:aws:iam::111122223333:role/ownerscope-batch",
      Manifest: {
        Spec: { Format: "S3BatchOperations_CSV_20180820", Fields: ["Bucket", "Key", "VersionId"] },
        Location: {
          ObjectArn: "arn:aws:s3:::a-batch-work/ownerscope/logs-b/grant-manifest.csv",
          ETag: "abc123",
        },
      },
      Report: { Bucket: "arn:aws:s3:::a-batch-work", Prefix: "ownerscope/logs-b/reports", Enabled: true },
    });
    const role = batchRole(input);
    expect(role.trustPolicy.Statement[0]!.Principal).toEqual({ Service: "batchoperations.s3.amazonaws.com" });
    const script = handoffScript(input, planJobs(input, objects).jobs);
    expect(script).toContain("aws iam create-role --role-name 'ownerscope-batch'");
    expect(script).toContain(
      "aws s3 cp 'reput-standard-manifest.csv' 's3://a-batch-work/ownerscope/logs-b/reput-standard-manifest.csv'",
    );
    expect(script).toContain(
      "aws s3control create-job --account-id '111122223333' --no-confirmation-required",
    );
    expect(script.match(/create-job/g)).toHaveLength(2);
  });
});

describe("the hand-off hardened", () => {
  it("re-put manifests never name a version, even from a versioned scan (Batch copies the current object)", () => {
    const versioned = { ...input, versions: true };
    const { jobs } = planJobs(versioned, [{ key: "k", versionId: "v1", size: 1, storageClass: null }]);
    expect(createJobRequest(versioned, jobs[0]!, "e", "t").Manifest.Spec.Fields).toEqual(["Bucket", "Key"]);
    expect(manifestHasVersions(versioned)).toBe(false);
    expect(manifestHasVersions({ ...versioned, strategy: "grant" })).toBe(true);
  });

  it("takes storage classes from S3's names only: anything else, and archived classes, are not handed off", () => {
    const hostile = ["x; rm -rf ~", "../../etc/passwd", "GLACIER", "DEEP_ARCHIVE", "standard"];
    const { jobs, uncopyable } = planJobs(
      input,
      hostile.map((storageClass, i) => ({ key: `k${i}`, versionId: null, size: 1, storageClass })),
    );
    expect(jobs).toEqual([]);
    expect(uncopyable).toEqual({ count: hostile.length, keys: hostile.map((_, i) => `k${i}`) });
    for (const name of planJobs(input, objects).jobs.map((j) => manifestFile(j)))
      expect(name).toMatch(/^[a-z_-]+-manifest\.csv$/);
  });

  it("accepts work prefixes of safe characters only", () => {
    for (const ok of ["", "ownerscope/logs-b/", "a/b.c_1/"]) expect(safePrefix.test(ok)).toBe(true);
    for (const bad of ["a/$(id)/", "a b/", "a'/", "/a/", "a//", "a", "a/\n/", "a`x`/", "a/../", "./"])
      expect(safePrefix.test(bad), bad).toBe(false);
  });

  it("keeps a count and the first keys of what it leaves out, however many there are", () => {
    const cold = Array.from({ length: 5_000 }, (_, i) => ({
      key: `cold/${i}`,
      versionId: null,
      size: 1,
      storageClass: "DEEP_ARCHIVE",
    }));
    const { uncopyable } = planJobs(input, cold);
    expect([uncopyable.count, uncopyable.keys.length]).toEqual([5_000, 100]);
  });

  it("keeps CreateJob's token within 64 characters for every storage class", () => {
    const etag = "d41d8cd98f00b204e9800998ecf8427e-12";
    for (const storageClass of copyableClasses) {
      const [job] = planJobs(input, [{ key: "k", versionId: null, size: 1, storageClass }]).jobs;
      expect(clientRequestToken(job!, etag).length, storageClass).toBeLessThanOrEqual(64);
    }
    expect(handoffScript(input, planJobs(input, objects).jobs)).toContain("| cut -c1-64");
  });

  it("quotes every value in the script, so a hostile one stays a single word", () => {
    const hostile = { ...input, workPrefix: "p/", roleName: "r'$(touch x)", workBucket: "b;ls" };
    const script = handoffScript(hostile, planJobs(hostile, objects).jobs);
    expect(script).toContain(`--role-name 'r'\\''$(touch x)'`);
    expect(script).toContain("--bucket 'b;ls'");
    expect(script).not.toMatch(/ \$\(touch/);
  });
});
