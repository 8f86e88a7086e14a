import type { Grant } from "@/lib/audit/types";
import { ALL_USERS, AUTHENTICATED_USERS } from "@/lib/audit/types";
import {
  BUCKET_ACTIONS,
  LOG_DELIVERY,
  LOGGING_SERVICE,
  OBJECT_ACTIONS,
  granteeLabel,
} from "@/lib/migrate/acl-actions";
import { lineDiff, type DiffLine } from "@/lib/migrate/diff";
import { resourceOf, type Cover } from "@/lib/migrate/prefixes";
import { PRINCIPAL } from "@/lib/ownership/principal";

/** S3's limit on a bucket policy's size. */
export const POLICY_LIMIT = 20 * 1024;
/** Statements Ownerscope writes carry this Sid prefix, so a new translation replaces the last one. */
export const SID_PREFIX = "OwnerscopeAcl";

/** The keys one grantee holds one permission on, collapsed to covers (null: too many runs to write). */
export type ObjectGrantCover = {
  grantee: string;
  granteeType: Grant["granteeType"];
  permission: Grant["permission"];
  objects: number;
  covers: Cover[] | null;
};

export type PolicyStatement = {
  Sid: string;
  Effect: "Allow";
  Principal: "*" | { AWS: string } | { Service: string };
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string>>;
};

export type Translation = {
  statements: PolicyStatement[];
  /** Grantees the policy needs a principal for: an account's canonical ID (or e-mail) with no account known. */
  unresolved: { grantee: string; granteeType: Grant["granteeType"]; objects: number }[];
  /** Public grants left out: a policy never makes anything public unless asked. */
  publicLeftOut: { grantee: string; permission: Grant["permission"]; objects: number }[];
  /** Bucket ACL grants the policy would not keep (public, or no principal known): resetting the ACL would drop them. */
  bucketGrantsLeftOut: string[];
  /** Every grant the policy does not carry (public, no principal, too scattered), by grantee and permission. */
  notTranslated: { grantee: string; permission: Grant["permission"] }[];
  /** Grants whose keys are too scattered to list. */
  tooScattered: { grantee: string; permission: Grant["permission"]; objects: number }[];
  before: string | null;
  after: string;
  /** Bytes of the policy as it would be sent (without whitespace). */
  size: number;
  fits: boolean;
  diff: DiffLine[];
  notes: string[];
};

export type TranslationInput = {
  bucket: string;
  ownerId: string;
  bucketGrants: Grant[];
  objectGrants: ObjectGrantCover[];
  /** Canonical ID → an account ID (12 digits) or a principal ARN. */
  principals: Record<string, string>;
  includePublic: boolean;
  policy: string | null;
};

/** An account ID or an ARN as a policy principal. */
function principalArn(value: string): string | null {
  if (!new RegExp(`^${PRINCIPAL}$`).test(value)) return null;
  return /^\d{12}$/.test(value) ? `arn:aws:iam::${value}:root` : value;
}

const ownerAccount = (input: TranslationInput) => {
  const p = input.principals[input.ownerId];
  return p ? (/^\d{12}$/.exec(p)?.[0] ?? /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(p)?.[1] ?? null) : null;
};

type Who =
  { principal: PolicyStatement["Principal"]; condition?: PolicyStatement["Condition"] } | "public" | null;

function whoIs(input: TranslationInput, g: Pick<Grant, "grantee" | "granteeType">): Who {
  if (g.granteeType === "Group") {
    if (g.grantee === ALL_USERS) return input.includePublic ? { principal: "*" } : "public";
    // Any AWS identity, but not an anonymous request.
    if (g.grantee === AUTHENTICATED_USERS)
      return input.includePublic
        ? { principal: "*", condition: { StringNotEquals: { "aws:PrincipalType": "Anonymous" } } }
        : "public";
    if (g.grantee === LOG_DELIVERY) {
      const account = ownerAccount(input);
      return account
        ? {
            principal: { Service: LOGGING_SERVICE },
            condition: { StringEquals: { "aws:SourceAccount": account } },
          }
        : null;
    }
    return null;
  }
  const mapped = input.principals[g.grantee];
  const arn = mapped ? principalArn(mapped) : null;
  return arn ? { principal: { AWS: arn } } : null;
}

/**
 * A bucket policy that keeps every access the ACLs grant today, merged into the current one: one statement per
 * grantee and permission, on the object prefixes that cover exactly its keys (bucket grants on the bucket).
 */
export function translateAcls(input: TranslationInput): Translation {
  const t = tally(input);
  translateBucketGrants(input, t);
  translateObjectGrants(input, t);
  return merged(input, t);
}

type Tally = ReturnType<typeof tally>;

/** What the translation gathers: the statements, and every grant it could not keep with the reason. */
function tally(input: TranslationInput) {
  const statements: PolicyStatement[] = [];
  const unresolved = new Map<string, Translation["unresolved"][number]>();
  return {
    statements,
    unresolved,
    publicLeftOut: [] as Translation["publicLeftOut"],
    bucketGrantsLeftOut: [] as string[],
    notTranslated: [] as Translation["notTranslated"],
    tooScattered: [] as Translation["tooScattered"],
    sid: () => `${SID_PREFIX}${statements.length + 1}`,
    // The log-delivery group needs the bucket owner's account (its statement names it); anyone else, its own
    // principal.
    missing: (g: Pick<Grant, "grantee" | "granteeType">, objects: number) => {
      const forOwner = g.granteeType === "Group" && g.grantee === LOG_DELIVERY;
      const name = forOwner ? input.ownerId : g.grantee;
      const type = forOwner ? "CanonicalUser" : g.granteeType;
      const known = unresolved.get(name);
      unresolved.set(name, { grantee: name, granteeType: type, objects: (known?.objects ?? 0) + objects });
    },
  };
}

/** The bucket ACL's grants: on the bucket, and (for writers) on its objects. */
function translateBucketGrants(input: TranslationInput, t: Tally) {
  for (const g of input.bucketGrants) {
    if (g.granteeType === "CanonicalUser" && g.grantee === input.ownerId) continue;
    const logDelivery = g.granteeType === "Group" && g.grantee === LOG_DELIVERY;
    // The log-delivery group only ever writes log objects: its other permissions do nothing to keep.
    if (logDelivery && g.permission !== "WRITE" && g.permission !== "FULL_CONTROL") continue;
    const who = whoIs(input, g);
    if (who === "public" || !who) {
      t.bucketGrantsLeftOut.push(`${g.permission} to ${granteeLabel(g)}`);
      t.notTranslated.push({ grantee: g.grantee, permission: g.permission });
      if (who === "public")
        t.publicLeftOut.push({ grantee: granteeLabel(g), permission: g.permission, objects: 0 });
      else t.missing(g, 0);
      continue;
    }
    const actions = BUCKET_ACTIONS[g.permission];
    const bucketActions = logDelivery ? [] : actions.bucket;
    const objectActions = logDelivery ? ["s3:PutObject"] : actions.objects;
    if (bucketActions.length > 0)
      t.statements.push({
        Sid: t.sid(),
        Effect: "Allow",
        Principal: who.principal,
        Action: bucketActions,
        Resource: [`arn:aws:s3:::${input.bucket}`],
        ...(who.condition ? { Condition: who.condition } : {}),
      });
    if (objectActions.length > 0)
      t.statements.push({
        Sid: t.sid(),
        Effect: "Allow",
        Principal: who.principal,
        Action: objectActions,
        Resource: [`arn:aws:s3:::${input.bucket}/*`],
        ...(who.condition ? { Condition: who.condition } : {}),
      });
  }
}

/** The objects' grants: on the prefixes that cover exactly the keys of each grantee and permission. */
function translateObjectGrants(input: TranslationInput, t: Tally) {
  for (const g of input.objectGrants) {
    if (g.granteeType === "CanonicalUser" && g.grantee === input.ownerId) continue;
    const actions = OBJECT_ACTIONS[g.permission];
    if (actions.length === 0) continue;
    const who = whoIs(input, g);
    if (who === "public" || !who || !g.covers)
      t.notTranslated.push({ grantee: g.grantee, permission: g.permission });
    if (who === "public") {
      t.publicLeftOut.push({ grantee: granteeLabel(g), permission: g.permission, objects: g.objects });
      continue;
    }
    if (!who) {
      t.missing(g, g.objects);
      continue;
    }
    if (!g.covers) {
      t.tooScattered.push({ grantee: granteeLabel(g), permission: g.permission, objects: g.objects });
      continue;
    }
    t.statements.push({
      Sid: t.sid(),
      Effect: "Allow",
      Principal: who.principal,
      Action: actions,
      Resource: g.covers.map((c) => resourceOf(input.bucket, c)),
      ...(who.condition ? { Condition: who.condition } : {}),
    });
  }
}

/** The statements merged into the current policy, its size against S3's limit, the diff and the notes. */
function merged(input: TranslationInput, t: Tally): Translation {
  const notes: string[] = [];
  const policy = mergePolicy(input.policy, t.statements);
  if (input.policy && t.statements.length > 0 && !input.policy.includes('"2012-10-17"'))
    notes.push(
      'The current policy declares an older Version: the merged one declares "2012-10-17", which the ${*} escapes in ' +
        "resources need; check that its other statements mean the same under it.",
    );
  const size = JSON.stringify(policy).length;
  const before = input.policy === null ? null : pretty(input.policy);
  const after = JSON.stringify(policy, null, 2);
  const fits = size <= POLICY_LIMIT;
  if (!fits)
    notes.push(
      `The merged policy is ${size} bytes, over S3's ${POLICY_LIMIT}-byte limit. Fewer, broader prefixes fit: ` +
        "move the shared objects under one prefix and grant that, give the grantees an S3 access point each (its own " +
        "policy), or keep ACLs enabled for this bucket until the grants are fewer.",
    );
  if (t.tooScattered.length > 0)
    notes.push("Some grants cover keys too scattered to list as prefixes: they are not in the policy.");
  if (t.publicLeftOut.length > 0)
    notes.push(
      "Public grants (AllUsers, AuthenticatedUsers) are not translated unless you choose to: a statement for them " +
        "would make the keys readable by anyone.",
    );
  return {
    statements: t.statements,
    unresolved: [...t.unresolved.values()],
    publicLeftOut: t.publicLeftOut,
    bucketGrantsLeftOut: t.bucketGrantsLeftOut,
    notTranslated: t.notTranslated,
    tooScattered: t.tooScattered,
    before,
    after,
    size,
    fits,
    diff: lineDiff(before ?? "", after),
    notes,
  };
}

function pretty(policy: string): string {
  try {
    return JSON.stringify(JSON.parse(policy), null, 2);
  } catch {
    return policy;
  }
}

type PolicyDocument = { Version?: string; Id?: string; Statement: unknown[] };

/** The current policy with the statements of an earlier translation replaced by these; unreadable JSON throws. */
function mergePolicy(policy: string | null, statements: PolicyStatement[]): PolicyDocument {
  const current: PolicyDocument = policy
    ? (JSON.parse(policy) as PolicyDocument)
    : { Version: "2012-10-17", Statement: [] };
  const kept = (Array.isArray(current.Statement) ? current.Statement : [current.Statement]).filter(
    (s) => !String((s as { Sid?: unknown }).Sid ?? "").startsWith(SID_PREFIX),
  );
  // Policy variables (the ${*} escapes of keys) are read only under this version.
  return {
    ...current,
    Version: statements.length > 0 ? "2012-10-17" : (current.Version ?? "2012-10-17"),
    Statement: [...kept, ...statements],
  };
}
