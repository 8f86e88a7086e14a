import { BOFC, list, principalsOf, statementsOf } from "@/lib/audit/policy";

/** A bucket-policy statement that names ACL headers in its conditions. */
export type AclCondition = {
  sid: string | null;
  effect: "Allow" | "Deny";
  principals: string[];
  /** Values the statement requires of s3:x-amz-acl (or "x-amz-grant-*" when it conditions on grant headers). */
  values: string[];
  /** Writes it allows only with an ACL that BucketOwnerEnforced refuses. */
  requiresOtherAcl: boolean;
  /** It holds writers to bucket-owner-full-control (an Allow that requires it, or a Deny without it). */
  requiresBucketOwnerFullControl: boolean;
};

const EQUALS = ["StringEquals", "StringLike", "StringEqualsIgnoreCase"];
const NOT_EQUALS = ["StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase"];

type Statement = {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

function conditionValues(condition: Statement["Condition"], operators: string[]) {
  const values: string[] = [];
  for (const [op, block] of Object.entries(condition ?? {})) {
    if (!operators.includes(op.replace(/^ForAnyValue:|^ForAllValues:/, "").replace(/IfExists$/, "")))
      continue;
    for (const [key, v] of Object.entries(block ?? {})) {
      const name = key.toLowerCase();
      if (name === "s3:x-amz-acl") values.push(...list(v as string | string[]).map(String));
      else if (name.startsWith("s3:x-amz-grant-")) values.push(`x-amz-grant-${name.slice(15)}`);
    }
  }
  return values;
}

/** Every statement of a policy whose conditions are about ACL headers; [] for no policy or one that does not parse. */
export function aclConditions(document: string | null): AclCondition[] {
  const statements = document ? (statementsOf<Statement>(document) ?? []) : [];
  const found: AclCondition[] = [];
  for (const s of statements) {
    if (s.Effect !== "Allow" && s.Effect !== "Deny") continue;
    const principals = s.NotPrincipal !== undefined ? ["* (NotPrincipal)"] : principalsOf(s.Principal);
    const sid = typeof s.Sid === "string" ? s.Sid : null;
    if (s.Effect === "Allow") {
      const values = conditionValues(s.Condition, EQUALS);
      if (values.length === 0) continue;
      const onlyBofc = values.every((v) => v === BOFC);
      found.push({
        sid,
        effect: "Allow",
        principals,
        values,
        requiresOtherAcl: !onlyBofc,
        requiresBucketOwnerFullControl: onlyBofc,
      });
    } else {
      const values = conditionValues(s.Condition, NOT_EQUALS);
      if (values.length === 0) continue;
      // A Deny unless the ACL is X: writes must send X. Anything but bofc is refused after enforcing.
      const onlyBofc = values.every((v) => v === BOFC);
      found.push({
        sid,
        effect: "Deny",
        principals,
        values,
        requiresOtherAcl: !onlyBofc,
        requiresBucketOwnerFullControl: onlyBofc,
      });
    }
  }
  return found;
}
