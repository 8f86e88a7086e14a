import type { BucketPosture } from "@/lib/audit/posture";
import type { Grant } from "@/lib/audit/types";

/** The one request `enforce` sends, by the bucket owner: it never deletes ownership controls (on Ceph RGW that deletes an empty bucket). */
export const ENFORCE_REQUEST = "PutBucketOwnershipControls BucketOwnerEnforced";

export type EnforceDecision =
  | { kind: "skip"; reason: string }
  | { kind: "blocked"; reason: string }
  | { kind: "enforce"; effects: string[] };

const granteeName = (g: Grant) => (g.granteeType === "Group" ? g.grantee.split("/").pop() : g.grantee);

/**
 * Whether BucketOwnerEnforced can be set on the bucket now, and what it does: the blockers are checked
 * from a posture read just before acting, never from a stored scan.
 */
export function planEnforce(posture: BucketPosture): EnforceDecision {
  if (posture.objectOwnership.value === "BucketOwnerEnforced")
    return { kind: "skip", reason: "the bucket already has BucketOwnerEnforced" };
  if (posture.aclGrantsOutsideAccount.length > 0) {
    const grantees = [...new Set(posture.aclGrantsOutsideAccount.map(granteeName))].join(", ");
    return {
      kind: "blocked",
      reason: `blocked: the bucket ACL grants access outside the account (${grantees}); move those grants to the bucket policy first`,
    };
  }
  const policy = posture.policy;
  // Vacuously "required" when no statement lets anyone write: only say so of writers the policy names.
  const writersSendBofc =
    policy.readable &&
    (policy.denyWithoutBucketOwnerFullControl ||
      (policy.writers.length > 0 && policy.requiresBucketOwnerFullControl));
  const effects = [
    "every object, in every version, becomes the bucket owner's at once: no copies, no new versions",
    "object ACLs stop applying: access other accounts get from object ACLs must move to the bucket policy",
    writersSendBofc
      ? "writers keep working when they send bucket-owner-full-control (the bucket policy already requires it); any other ACL gets AccessControlListNotSupported"
      : "writers that send an ACL other than bucket-owner-full-control get AccessControlListNotSupported",
    "reversible: setting ObjectWriter again brings the old object ACLs back",
  ];
  if (!posture.objectOwnership.confirmed) {
    effects.push(
      "the endpoint has not confirmed its Object Ownership setting: an endpoint without Object Ownership refuses the request and nothing changes",
    );
  }
  return { kind: "enforce", effects };
}
