/** An object's status, from its owner and what the bucket owner may do with it (the README lists them). */
export const objectStatuses = [
  "owned",
  "foreign-full-control",
  "foreign-readable",
  "foreign-locked",
  "unknown",
] as const;
export type ObjectStatus = (typeof objectStatuses)[number];

export const bucketOwnerAccessLevels = ["full-control", "read", "none", "unknown"] as const;
export type BucketOwnerAccess = (typeof bucketOwnerAccessLevels)[number];

export type Grant = {
  /** Canonical user ID, e-mail, or group URI (AllUsers, AuthenticatedUsers, LogDelivery). */
  grantee: string;
  granteeType: "CanonicalUser" | "Group" | "AmazonCustomerByEmail";
  permission: "FULL_CONTROL" | "READ" | "WRITE" | "READ_ACP" | "WRITE_ACP";
};

export const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
export const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

export type ScanMode = "full" | "fast";

/** What a GetObjectAcl (or HeadObject) attempt came back with, reduced to what classification needs. */
export type AclOutcome =
  | { kind: "ok"; ownerId: string | null; grants: Grant[] }
  | { kind: "denied" }
  | { kind: "missing" }
  | { kind: "failed"; reason: string }
  | { kind: "not-checked" };

export type HeadOutcome =
  | { kind: "ok" }
  | { kind: "denied" }
  | { kind: "missing" }
  | { kind: "failed"; reason: string }
  | { kind: "not-checked" };

export type Classification = {
  ownerId: string | null;
  status: ObjectStatus;
  bucketOwnerAccess: BucketOwnerAccess;
  /** true or false when the ACL was read; null when it was not checked (fast mode, or denied). */
  publicGrant: boolean | null;
  grants: Grant[] | null;
  reason: string | null;
};
