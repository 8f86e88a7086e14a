/** The calls "Test connection" makes, in order, and the permission each one needs. */
export const connectionChecks = {
  credentials: { label: "Credentials (and the read role, if any)", permission: "sts:AssumeRole" },
  "list-buckets": { label: "ListBuckets", permission: "s3:ListAllMyBuckets" },
  "bucket-acl": { label: "GetBucketAcl", permission: "s3:GetBucketAcl" },
  "list-objects": { label: "ListObjectsV2", permission: "s3:ListBucket" },
  "object-acl": { label: "GetObjectAcl on a sample key", permission: "s3:GetObjectAcl" },
  "owner-writer": { label: "Bucket owner's write identity", permission: "sts:AssumeRole" },
  fixer: { label: "AssumeRole of a fixer", permission: "sts:AssumeRole" },
} as const;

export type CheckName = keyof typeof connectionChecks;

/** What went wrong, as the I/O layer classifies an SDK error (never its raw text). */
export type FailureKind =
  "unreachable" | "no-credentials" | "denied" | "not-found" | "bad-endpoint" | "other";

export type CheckContext = {
  endpoint: string | null;
  /** Where roles are assumed; null for AWS STS. */
  stsEndpoint: string | null;
  region: string;
  profile: string | null;
  roleArn: string | null;
  externalId: string | null;
  bucket?: string;
  key?: string;
  account?: string;
};

const who = (c: CheckContext) => (c.profile ? `the profile "${c.profile}"` : "the default credential chain");

/** One sentence that says what to change, for a failed check. */
export function adviceFor(check: CheckName, kind: FailureKind, c: CheckContext): string {
  const where = c.endpoint ?? `S3 in ${c.region}`;
  const isAssume = check === "credentials" || check === "owner-writer" || check === "fixer";
  if (isAssume && kind === "unreachable")
    return c.stsEndpoint
      ? `${c.stsEndpoint} (the STS endpoint) is unreachable: check the STS endpoint URL and that this server can reach it.`
      : `AWS STS in ${c.region} is unreachable from this server: roles are assumed there unless the connection names an STS endpoint (storage that serves STS too, such as Ceph: its endpoint URL).`;
  if (kind === "unreachable")
    return `${where} is unreachable: check the endpoint URL, the region, and that this server can reach it (proxy, firewall, DNS).`;
  if (kind === "bad-endpoint")
    return `${where} did not answer like S3: check the endpoint URL (scheme, host and port) and path-style addressing.`;
  if (isAssume && kind === "no-credentials")
    return `${who(c)} has no usable credentials: check that the profile exists in the AWS config files on this server and that its keys are valid.`;
  if (isAssume && kind === "not-found")
    return `${c.roleArn ?? "The role"} does not exist: check the role ARN (account ID and role name).`;
  if (isAssume && kind === "denied") {
    const role = c.roleArn ?? "the role";
    const subject = check === "fixer" ? `the fixer for ${c.account ?? "this account"}` : "this connection";
    return c.externalId
      ? `${role} refused to be assumed by ${subject}: its trust policy must allow ${who(c)} to call sts:AssumeRole, and its sts:ExternalId condition must equal the external ID configured here.`
      : `${role} refused to be assumed by ${subject}: add ${who(c)} to the role's trust policy (sts:AssumeRole), or set the external ID its trust policy requires.`;
  }
  if (kind === "not-found")
    return check === "object-acl"
      ? `The sample key ${c.key ?? ""} disappeared while testing; run the test again.`
      : `Bucket ${c.bucket ?? ""} was not found from this connection: check the region and endpoint.`;
  if (kind === "denied") {
    const permission = connectionChecks[check].permission;
    const resource =
      check === "list-buckets"
        ? "*"
        : check === "object-acl"
          ? `arn:aws:s3:::${c.bucket ?? "BUCKET"}/*`
          : `arn:aws:s3:::${c.bucket ?? "BUCKET"}`;
    return `Access denied: allow ${permission} on ${resource} in the policy of ${c.roleArn ?? who(c)}.`;
  }
  if (kind === "no-credentials") return `${who(c)} has no usable credentials.`;
  return `The call failed for a reason Ownerscope does not recognise; check the server log and try again.`;
}
