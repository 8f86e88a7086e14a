// Integration: a hand-off manifest is uploaded from its file a part at a time, on the lab.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { uploadFile } from "@/lib/aws/batch";
import { loadLab } from "@/scripts/lab/lab-env";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("uploading a manifest", () => {
  it.each([
    ["in one request", 1_000],
    ["in parts, when it is larger than one", 11 * 1024 * 1024],
  ])("keeps every byte (%s)", async (_how, size) => {
    const lab = loadLab();
    const bucket = `manifests-${process.pid}-${size}`;
    await lab.a.send(new CreateBucketCommand({ Bucket: bucket }));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "manifest-")), "m.csv");
    const line = "logs-b,some%2Fkey+with+spaces.csv\n";
    fs.writeFileSync(file, line.repeat(Math.ceil(size / line.length)));
    const etag = await uploadFile(lab.a, bucket, "m.csv", file, 5 * 1024 * 1024);
    const got = await lab.a.send(new GetObjectCommand({ Bucket: bucket, Key: "m.csv" }));
    expect(got.ETag).toBe(etag);
    expect(sha(await got.Body!.transformToByteArray())).toBe(sha(fs.readFileSync(file)));
  });
});
