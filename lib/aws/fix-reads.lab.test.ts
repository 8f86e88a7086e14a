// Integration: the owner a fix reads from a one-key listing is the key's, on the lab, for keys that XML carries
// badly: white space alone (the SDK's parser read "\n" as "", so the key looked missing and its fix was refused),
// a control character, a plus and a space.
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { listedOwner } from "@/lib/aws/fix-reads";
import { createSharedBucket } from "@/scripts/lab/generate";
import { loadLab } from "@/scripts/lab/lab-env";

describe("listedOwner", () => {
  it.each(["\n", "\n\t", "x\u0001y", "a b+c"])("reads the foreign owner of %j", async (key) => {
    const lab = loadLab();
    const bucket = `listed-owner-${process.pid}-${Buffer.from(key).toString("hex")}`;
    await createSharedBucket(lab, bucket);
    await lab.a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "x" }));
    // A longer key that starts with this one sorts after it and must not be taken for it.
    await lab.b.send(new PutObjectCommand({ Bucket: bucket, Key: `${key}z`, Body: "y" }));
    const listed = await listedOwner(lab.b, { bucket, key, versionId: null });
    expect(listed).toMatchObject({ kind: "ok", ownerId: lab.writer.canonicalId, size: 1 });
  });
});
