import type { PlanContext } from "@/lib/fix/plan";

/** Who acts and where: one identity (profile and/or role) at one endpoint. Built from a connection only. */
export type AwsTarget = {
  profile: string | null;
  roleArn: string | null;
  externalId: string | null;
  sessionName: string | null;
  region: string;
  endpointUrl: string | null;
  stsEndpointUrl: string | null;
  forcePathStyle: boolean;
};

/** What of a stored connection names its identities (the read one, and the bucket owner's writer). */
type Connection = AwsTarget & { ownerProfile: string | null; ownerRoleArn: string | null };

/** What of a known account names its fixer. */
type Account = {
  canonicalId: string;
  fixerProfile: string | null;
  fixerRoleArn: string | null;
  fixerExternalId: string | null;
};

/**
 * The identities a fix acts through: the read identity (which also verifies), the bucket owner's writer (take
 * ownership), and each foreign account's fixer by canonical ID. What a job stores, and all a runner needs.
 */
export type FixTargets = {
  bucketOwnerId: string;
  read: AwsTarget;
  owner: AwsTarget | null;
  fixers: Record<string, AwsTarget>;
};

/**
 * A target read back from a stored scan or job. Those stored before STS had its own endpoint assumed their roles at
 * the S3 endpoint, and resume that way (as the connections they came from were migrated).
 */
export function storedTarget(stored: StoredTarget): AwsTarget {
  return {
    ...stored,
    stsEndpointUrl: stored.stsEndpointUrl === undefined ? stored.endpointUrl : stored.stsEndpointUrl,
  };
}

/** A target as scans and jobs stored it: those from before STS had its own endpoint have no stsEndpointUrl. */
export type StoredTarget = Omit<AwsTarget, "stsEndpointUrl"> & { stsEndpointUrl?: string | null };

type Identity = { profile: string | null; roleArn: string | null; externalId?: string | null };

/** The connection's read identity, and nothing else of the connection (no name, no other identities). */
export const readTargetOf = (c: Connection): AwsTarget => ({
  profile: c.profile,
  roleArn: c.roleArn,
  externalId: c.externalId,
  sessionName: c.sessionName,
  region: c.region,
  endpointUrl: c.endpointUrl,
  stsEndpointUrl: c.stsEndpointUrl,
  forcePathStyle: c.forcePathStyle,
});

/** Another identity (the bucket owner's writer, a fixer) at the connection's endpoint. */
export const actorTargetOf = (c: Connection, identity: Identity): AwsTarget => ({
  ...readTargetOf(c),
  profile: identity.profile,
  roleArn: identity.roleArn,
  externalId: identity.externalId ?? null,
  sessionName: "ownerscope-fix",
});

/** The bucket owner's writer, when the connection names one. */
export const ownerTargetOf = (c: Connection): AwsTarget | null =>
  c.ownerProfile || c.ownerRoleArn
    ? actorTargetOf(c, { profile: c.ownerProfile, roleArn: c.ownerRoleArn })
    : null;

/** Each named account's fixer, where one is configured. */
export const fixerTargetOf = (c: Connection, a: Account): AwsTarget | null =>
  a.fixerProfile || a.fixerRoleArn
    ? actorTargetOf(c, { profile: a.fixerProfile, roleArn: a.fixerRoleArn, externalId: a.fixerExternalId })
    : null;

export function fixTargetsOf(c: Connection, accounts: Account[], bucketOwnerId: string): FixTargets {
  const fixers: Record<string, AwsTarget> = {};
  for (const a of accounts) {
    const fixer = fixerTargetOf(c, a);
    if (fixer) fixers[a.canonicalId] = fixer;
  }
  return { bucketOwnerId, read: readTargetOf(c), owner: ownerTargetOf(c), fixers };
}

/** What a plan may count on, from the identities at hand: the same for the browser's plans and the CLI's. */
export function planContextFor(
  targets: FixTargets,
  o: Pick<PlanContext, "versioning" | "keepPublicGrants" | "accountName">,
): PlanContext {
  return {
    bucketOwnerId: targets.bucketOwnerId,
    fixers: new Set(Object.keys(targets.fixers)),
    ownerCanWrite: targets.owner !== null,
    ...o,
  };
}
