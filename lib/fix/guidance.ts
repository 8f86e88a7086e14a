import { BOFC } from "@/lib/audit/policy";

/** What the writers of one foreign account must change, and the two policies that hold them to it. */
export type WriterGuidance = {
  account: { canonicalId: string; name: string };
  principals: string[];
  snippets: { label: string; language: string; code: string }[];
  bucketPolicy: string;
  writerPolicy: string;
};

/**
 * Builds the guidance for one foreign account writing into `bucket`. `principals` are the account's principal ARNs
 * as the bucket policy names them (from the bucket's posture); without any, a placeholder says what to put there.
 */
export function writerGuidance(input: {
  bucket: string;
  account: { canonicalId: string; name: string };
  principals: string[];
  partition?: string;
}): WriterGuidance {
  const { bucket } = input;
  const partition = input.partition ?? "aws";
  const principals = input.principals.length > 0 ? input.principals : ["arn:aws:iam::WRITER_ACCOUNT_ID:root"];
  const objects = `arn:${partition}:s3:::${bucket}/*`;
  const bucketPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowWritesOnlyWithBucketOwnerFullControl",
        Effect: "Allow",
        Principal: { AWS: principals.length === 1 ? principals[0] : principals },
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: objects,
        Condition: { StringEquals: { "s3:x-amz-acl": BOFC } },
      },
      {
        Sid: "DenyWritesWithoutBucketOwnerFullControl",
        Effect: "Deny",
        Principal: { AWS: principals.length === 1 ? principals[0] : principals },
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringNotEquals: { "s3:x-amz-acl": BOFC } },
      },
    ],
  };
  const writerPolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: `WriteTo${bucket.replace(/[^A-Za-z0-9]/g, "")}`,
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:PutObjectAcl"],
        Resource: objects,
      },
    ],
  };
  return {
    account: input.account,
    principals,
    snippets: [
      { label: "aws-cli", language: "sh", code: `aws s3 cp FILE s3://${bucket}/KEY --acl ${BOFC}` },
      {
        label: "SDK for JavaScript",
        language: "js",
        code: `await s3.send(new PutObjectCommand({ Bucket: "${bucket}", Key: key, Body: body, ACL: "${BOFC}" }));`,
      },
      {
        label: "boto3",
        language: "python",
        code: `s3.upload_file(path, "${bucket}", key, ExtraArgs={"ACL": "${BOFC}"})`,
      },
      {
        label: "AWS Glue / EMR (EMRFS)",
        language: "properties",
        code: "fs.s3.canned.acl=BucketOwnerFullControl",
      },
    ],
    bucketPolicy: JSON.stringify(bucketPolicy, null, 2),
    writerPolicy: JSON.stringify(writerPolicy, null, 2),
  };
}
