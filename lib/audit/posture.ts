import { analyzePolicy, type PolicyAnalysis } from "@/lib/audit/policy";
import type { Grant } from "@/lib/audit/types";

export type ObjectOwnership = "BucketOwnerEnforced" | "BucketOwnerPreferred" | "ObjectWriter" | "unknown";

/** The raw facts read from the bucket, before analysis (lib/aws/posture.ts gathers them). */
export type PostureFacts = {
  bucket: string;
  ownerId: string;
  aclGrants: Grant[];
  ownership:
    | { kind: "rule"; value: Exclude<ObjectOwnership, "unknown"> }
    | { kind: "none" } // no controls configured (AWS: OwnershipControlsNotFoundError)
    | { kind: "empty" } // the endpoint answered without rules (Ceph RGW): it does not implement the setting
    | { kind: "unreadable"; reason: string };
  policy: { kind: "ok"; document: string | null } | { kind: "unreadable"; reason: string };
  versioning: "Enabled" | "Suspended" | "Disabled" | "unknown";
  encryption:
    | { kind: "ok"; algorithm: string | null; kmsKeyId: string | null }
    | { kind: "unreadable"; reason: string };
};

export type BucketPosture = {
  bucket: string;
  ownerId: string;
  objectOwnership: { value: ObjectOwnership; confirmed: boolean; note: string | null };
  /** Bucket ACL grants to anyone outside the bucket's account: they block BucketOwnerEnforced. */
  aclGrantsOutsideAccount: Grant[];
  policy: (PolicyAnalysis & { readable: true }) | { readable: false; reason: string };
  versioning: PostureFacts["versioning"];
  defaultEncryption: { algorithm: string | null; kmsKeyId: string | null } | { unreadable: string };
  /** Objects in this bucket can belong to other accounts (false only under BucketOwnerEnforced). */
  foreignOwnershipPossible: boolean;
  notes: string[];
};

/** Turns the bucket's raw settings into what an operator needs to know before a scan. */
export function analyzePosture(facts: PostureFacts): BucketPosture {
  const notes: string[] = [];
  let objectOwnership: BucketPosture["objectOwnership"];
  switch (facts.ownership.kind) {
    case "rule":
      objectOwnership = { value: facts.ownership.value, confirmed: true, note: null };
      break;
    case "none":
      objectOwnership = {
        value: "ObjectWriter",
        confirmed: true,
        note: "no ownership controls: the writer owns",
      };
      break;
    case "empty":
      objectOwnership = {
        value: "ObjectWriter",
        confirmed: false,
        note: "the endpoint reported no ownership rules (it may not implement Object Ownership); read as ObjectWriter",
      };
      break;
    case "unreadable":
      objectOwnership = { value: "unknown", confirmed: false, note: facts.ownership.reason };
  }

  const aclGrantsOutsideAccount = facts.aclGrants.filter(
    (g) => !(g.granteeType === "CanonicalUser" && g.grantee === facts.ownerId),
  );
  const policy: BucketPosture["policy"] =
    facts.policy.kind === "ok"
      ? { ...analyzePolicy(facts.policy.document), readable: true }
      : { readable: false, reason: facts.policy.reason };

  const enforced = objectOwnership.value === "BucketOwnerEnforced";
  if (enforced) {
    notes.push(
      "ACLs are disabled (BucketOwnerEnforced): the bucket owner owns every object, so a scan cannot find a foreign one.",
    );
  } else {
    if (aclGrantsOutsideAccount.length > 0) {
      notes.push(
        "The bucket ACL grants access outside the account: move those grants to the bucket policy before enforcing.",
      );
    }
    if (policy.readable && !policy.requiresBucketOwnerFullControl) {
      notes.push(
        "Other accounts may write without bucket-owner-full-control: new foreign-owned objects can appear.",
      );
    }
  }
  return {
    bucket: facts.bucket,
    ownerId: facts.ownerId,
    objectOwnership,
    aclGrantsOutsideAccount,
    policy,
    versioning: facts.versioning,
    defaultEncryption:
      facts.encryption.kind === "ok"
        ? { algorithm: facts.encryption.algorithm, kmsKeyId: facts.encryption.kmsKeyId }
        : { unreadable: facts.encryption.reason },
    foreignOwnershipPossible: !enforced,
    notes,
  };
}
