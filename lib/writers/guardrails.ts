import { BOFC, statementsOf } from "@/lib/audit/policy";

// The guardrails that stop a writer at the door instead of fixing its objects after: a bucket-policy statement that
// refuses a write without bucket-owner-full-control, and, for an organization, an SCP that keeps accounts from
// creating buckets or setting Object Ownership to anything but BucketOwnerEnforced (ACLs disabled). Pure: they are
// generated for the operator to apply; Ownerscope never writes a policy.

export const GUARDRAIL_SID = "OwnerscopeRequireBucketOwnerFullControl";

type Partition = "aws" | "aws-us-gov" | "aws-cn";

/**
 * Refuses every s3:PutObject (a PUT, a copy, a multipart upload's start) without the canned ACL
 * bucket-owner-full-control. With the owner's account ID, the owner's own writes are exempt (they own what they
 * write); without it, the owner's writers must send the ACL too, which changes nothing for them once they do.
 */
export function requireBofcStatement(o: {
  bucket: string;
  partition?: Partition;
  ownerAccountId?: string | null;
}) {
  const notEquals: Record<string, string> = { "s3:x-amz-acl": BOFC };
  if (o.ownerAccountId) notEquals["aws:PrincipalAccount"] = o.ownerAccountId;
  return {
    Sid: GUARDRAIL_SID,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: `arn:${o.partition ?? "aws"}:s3:::${o.bucket}/*`,
    Condition: { StringNotEquals: notEquals },
  };
}

/**
 * The bucket's policy with the statement added (replacing one of the same Sid), as the JSON to put back whole: a
 * bucket has one policy, and putting the statement alone would drop every other. Null with why when the current
 * policy cannot be read as one.
 */
export function policyWith(
  current: string | null,
  statement: { Sid: string },
): { policy: string; error: null } | { policy: null; error: string } {
  const statements = current ? statementsOf<{ Sid?: unknown }>(current) : [];
  if (statements === null) return { policy: null, error: "the bucket's current policy is not valid JSON" };
  let version = "2012-10-17";
  if (current) {
    const parsed = JSON.parse(current) as { Version?: unknown };
    if (typeof parsed.Version === "string") version = parsed.Version;
  }
  const kept = statements.filter((s) => s.Sid !== statement.Sid);
  return {
    policy: JSON.stringify({ Version: version, Statement: [...kept, statement] }, null, 2),
    error: null,
  };
}

/** The aws CLI command that puts a policy on a bucket, the policy quoted for a POSIX shell. */
export function putPolicyCommand(bucket: string, policy: string): string {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `aws s3api put-bucket-policy --bucket ${quote(bucket)} --policy ${quote(JSON.stringify(JSON.parse(policy)))}`;
}

/**
 * For an organization: an SCP (or, for the buckets' side, an RCP) that refuses creating a bucket with, or switching
 * a bucket to, any Object Ownership but BucketOwnerEnforced. A CreateBucket without the header gets
 * BucketOwnerEnforced by default, so only a request that names another setting is refused (the Null condition).
 */
export function ownershipServiceControlPolicy() {
  const condition = {
    StringNotEquals: { "s3:x-amz-object-ownership": "BucketOwnerEnforced" },
    Null: { "s3:x-amz-object-ownership": "false" },
  };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "OwnerscopeNewBucketsWithoutAcls",
        Effect: "Deny",
        Action: "s3:CreateBucket",
        Resource: "*",
        Condition: condition,
      },
      {
        Sid: "OwnerscopeKeepAclsDisabled",
        Effect: "Deny",
        Action: "s3:PutBucketOwnershipControls",
        Resource: "*",
        Condition: condition,
      },
    ],
  };
}

type WriterEvidence = {
  index: number;
  principal: string;
  verdict: string;
  withoutBofc: number;
  aclUnseen: number;
};

/**
 * The guardrails for one bucket, each with what it would have refused by the evidence: the writes the logs show
 * without the ACL, and the writes whose ACL they do not show of writers whose keys the owner cannot read.
 */
export function guardrailsFor(o: {
  bucket: string;
  ownerAccountId: string | null;
  currentPolicy: string | null;
  policyUnread: string | null;
  writers: WriterEvidence[];
}) {
  const statement = requireBofcStatement({ bucket: o.bucket, ownerAccountId: o.ownerAccountId });
  const merged = o.policyUnread === null ? policyWith(o.currentPolicy, statement) : null;
  const refused = o.writers.filter((w) => w.verdict === "without-acl");
  return {
    bucketPolicy: {
      statement: JSON.stringify(statement, null, 2),
      policy: merged?.policy ?? null,
      command: merged?.policy ? putPolicyCommand(o.bucket, merged.policy) : null,
      unmerged:
        merged?.error ?? (o.policyUnread && `the bucket's current policy was not read: ${o.policyUnread}`),
      ownerExempt: o.ownerAccountId !== null,
      wouldRefuse: {
        writers: refused.map((w) => ({ index: w.index, principal: w.principal })),
        writes: refused.reduce((n, w) => n + w.withoutBofc, 0),
        unseen: refused.reduce((n, w) => n + w.aclUnseen, 0),
      },
    },
    organization: { policy: JSON.stringify(ownershipServiceControlPolicy(), null, 2) },
  };
}
