import type { BucketPosture } from "@/lib/audit/posture";
import { ALL_USERS, AUTHENTICATED_USERS, type Grant } from "@/lib/audit/types";
import { countOf } from "@/lib/format";
import { LOG_DELIVERY, LOGGING_SERVICE, granteeLabel } from "@/lib/migrate/acl-actions";
import { EVIDENCE_BLIND_SPOT, dependsOnAcls, type Evidence } from "@/lib/migrate/evidence";
import { aclConditions } from "@/lib/migrate/policy-acls";

/** How much an item matters to the switch: it cannot happen, someone loses reads, someone's writes are refused, or a fact. */
export const severities = ["blocks", "reader-loses", "writer-refused", "info"] as const;
export type Severity = (typeof severities)[number];

export type ReadinessItem = {
  id: string;
  severity: Severity;
  title: string;
  detail: string;
  remedy: string | null;
  /** A grant the translated policy keeps: its reader loses nothing once that policy is in place. */
  keptByPolicy?: boolean;
};

/** One grantee's permission over the scan's objects, other than the bucket owner's. */
export type ObjectGrantGroup = {
  grantee: string;
  granteeType: Grant["granteeType"];
  permission: Grant["permission"];
  objects: number;
  /** Of those, noncurrent versions (a versioned scan): their own ACLs granted it, and the policy covers current objects. */
  noncurrent?: number;
  /** Where those objects cluster: prefix → objects (the largest few). */
  prefixes: Record<string, number>;
};

export type ReadinessInput = {
  bucket: string;
  ownerId: string;
  objectOwnership: BucketPosture["objectOwnership"];
  bucketGrants: Grant[];
  policy: { readable: true; document: string | null } | { readable: false; reason: string };
  objectGrants: ObjectGrantGroup[];
  /** Objects whose ACL the scan did not read (a fast scan, or access denied). */
  aclsUnread: number;
  /** More grantee-and-permission pairs than are itemised: the report and the translation are incomplete. */
  groupsOverflow: boolean;
  foreign: { objects: number; owners: number };
  evidence: Evidence | null;
  /** Canonical IDs with a name the operator gave them. */
  names: Record<string, string>;
};

export type Readiness = { ready: boolean; counts: Record<Severity, number>; items: ReadinessItem[] };

const PUBLIC = new Set([ALL_USERS, AUTHENTICATED_USERS]);
/** Requesters itemised in the report (the evidence table has them all). */
const MAX_EVIDENCE_ITEMS = 50;

function who(g: Pick<Grant, "grantee" | "granteeType">, names: Record<string, string>) {
  const label = granteeLabel(g);
  return names[g.grantee] ? `${names[g.grantee]} (${label})` : label;
}

const topPrefixes = (prefixes: Record<string, number>) =>
  Object.entries(prefixes)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([p, n]) => `${p || "(top level)"} ${n}`)
    .join(", ");

/**
 * Everything that stands between this bucket and BucketOwnerEnforced, and what each costs whom: each rule below adds
 * its items, in the order a reader should see them; ready when nothing but information is left.
 */
export function assessReadiness(input: ReadinessInput): Readiness {
  const items: ReadinessItem[] = [];
  for (const rule of rules) rule(input, (item) => items.push(item));
  const counts = Object.fromEntries(severities.map((s) => [s, 0])) as Record<Severity, number>;
  for (const item of items) counts[item.severity]++;
  const enforced = input.objectOwnership.value === "BucketOwnerEnforced";
  return { ready: enforced || items.every((i) => i.severity === "info"), counts, items };
}

type Rule = (input: ReadinessInput, add: (item: ReadinessItem) => void) => void;

/** The bucket has BucketOwnerEnforced already: nothing to do but say so. */
const alreadyEnforced: Rule = (input, add) => {
  if (input.objectOwnership.value === "BucketOwnerEnforced")
    add({
      id: "already-enforced",
      severity: "info",
      title: "ACLs are already disabled",
      detail: "The bucket has BucketOwnerEnforced: the bucket owner owns every object.",
      remedy: null,
    });
};

/** Every bucket ACL grant outside the account blocks enforcing. */
const bucketAclGrants: Rule = (input, add) => {
  for (const g of input.bucketGrants) {
    if (g.granteeType === "CanonicalUser" && g.grantee === input.ownerId) continue;
    const logDelivery = g.grantee === LOG_DELIVERY;
    add({
      id: `bucket-acl:${g.grantee}:${g.permission}`,
      severity: "blocks",
      title: `The bucket ACL grants ${g.permission} to ${who(g, input.names)}`,
      detail:
        "S3 refuses BucketOwnerEnforced while the bucket ACL grants anyone outside the account " +
        "(InvalidBucketAclWithObjectOwnership).",
      remedy: logDelivery
        ? `Server access logs are delivered through this grant: allow the ${LOGGING_SERVICE} service principal ` +
          "s3:PutObject in the bucket policy, limited with aws:SourceArn (the source buckets) and aws:SourceAccount, " +
          "then reset the bucket ACL to private."
        : PUBLIC.has(g.grantee)
          ? "A public bucket grant: decide whether it is still wanted; the translated policy keeps it only if you choose to."
          : "The translated policy gives the same access on the bucket; then the bucket ACL is reset to private.",
    });
  }
};

/** A policy that cannot be read cannot be merged into. */
const unreadablePolicy: Rule = (input, add) => {
  if (!input.policy.readable)
    add({
      id: "policy-unreadable",
      severity: "blocks",
      title: "The bucket policy could not be read",
      detail: `Ownerscope cannot merge ACL permissions into a policy it cannot read (${input.policy.reason}).`,
      remedy: "Give the identity that plans s3:GetBucketPolicy on the bucket.",
    });
};

/** Each object grant: who loses what, where (and on noncurrent versions). */
const objectGrants: Rule = (input, add) => {
  for (const g of input.objectGrants) {
    const isPublic = PUBLIC.has(g.grantee);
    const label = who(g, input.names);
    add({
      id: `object-acl:${g.grantee}:${g.permission}`,
      severity: g.permission === "WRITE_ACP" ? "writer-refused" : "reader-loses",
      title: `${label} loses ${g.permission} on ${countOf(g.objects, "object")}`,
      detail: `Object ACLs stop applying once ACLs are disabled. Where: ${topPrefixes(g.prefixes)}.`,
      remedy: isPublic
        ? "Public grants are not moved to the policy unless you choose to; otherwise these objects stop being public."
        : g.grantee === LOG_DELIVERY
          ? `Allow the ${LOGGING_SERVICE} service principal in the bucket policy instead.`
          : "The translated policy keeps this access on the prefixes that cover exactly these keys.",
    });
    // The policy grants on each key's current object: what a version's own ACL allowed on it is lost, whatever the
    // policy keeps, so it is its own breaker (never marked kept).
    if (g.noncurrent && g.permission !== "WRITE")
      add({
        id: `object-version-acl:${g.grantee}:${g.permission}`,
        severity: g.permission === "WRITE_ACP" ? "writer-refused" : "reader-loses",
        title: `${label} loses ${g.permission} on ${countOf(g.noncurrent, "noncurrent version")}`,
        detail:
          "Their own ACLs granted it (s3:GetObjectVersion and the like); the translated policy covers each key's " +
          "current object only, so access to older versions ends once ACLs are disabled.",
        remedy:
          "If the grantee still needs old versions, add s3:GetObjectVersion on those keys to the policy by hand, " +
          "or accept that it loses them.",
      });
  }
};

/** More grants than are itemised. */
const grantsOverflow: Rule = (input, add) => {
  if (input.groupsOverflow)
    add({
      id: "grants-overflow",
      severity: "reader-loses",
      title: "More distinct object grants than Ownerscope itemises",
      detail:
        "Grants past the first 200 grantee-and-permission pairs are neither listed here nor in the policy.",
      remedy:
        "Keep ACLs enabled on this bucket until its grants are fewer, or move them to a policy by hand.",
    });
};

/** Objects whose ACL the scan did not read. */
const unreadAcls: Rule = (input, add) => {
  // Unknown grants may be readers that lose access: a breaker until a full scan says otherwise.
  if (input.aclsUnread > 0)
    add({
      id: "acls-unread",
      severity: "reader-loses",
      title: `${countOf(input.aclsUnread, "object")} whose ACL the scan did not read`,
      detail:
        "A fast scan does not read ACLs, and S3 refuses GetObjectAcl on objects the bucket owner cannot read: their " +
        "grants are unknown, so neither this report nor the translated policy accounts for them.",
      remedy:
        "Run a full scan (and give the foreign accounts' fixers, who can read their own objects' ACLs).",
    });
};

/** Policy statements that require an ACL on writes. */
const policyConditions: Rule = (input, add) => {
  if (input.policy.readable) {
    for (const c of aclConditions(input.policy.document)) {
      const name = c.sid ? `Statement "${c.sid}"` : "A statement without a Sid";
      const principals = c.principals.join(", ") || "anyone";
      if (c.requiresOtherAcl)
        add({
          id: `policy-acl:${c.sid ?? c.principals.join(",")}`,
          severity: "writer-refused",
          title: `${name} requires writes with ${c.values.join(" or ")}`,
          detail:
            `It lets ${principals} write only with that ACL; once ACLs are disabled S3 refuses every such write ` +
            "(AccessControlListNotSupported), so these writers can no longer write at all.",
          remedy:
            "Have the writers send bucket-owner-full-control or no ACL, and change the condition to match, before enforcing.",
        });
      else
        add({
          id: `policy-bofc:${c.sid ?? c.principals.join(",")}`,
          severity: "info",
          title: `${name} requires bucket-owner-full-control of ${principals}`,
          detail:
            "Writers that send bucket-owner-full-control keep working after enforcing; a writer that sends no ACL " +
            `header stays refused by this statement (${principals}).`,
          remedy:
            "After enforcing, the condition protects nothing: drop it so writers need not send the header.",
        });
    }
  }
};

/** What enforcing fixes at once. */
const foreignObjects: Rule = (input, add) => {
  if (input.foreign.objects > 0)
    add({
      id: "foreign-objects",
      severity: "info",
      title: `Enforcing fixes ${countOf(input.foreign.objects, "foreign-owned object")} at once`,
      detail:
        `The scan found them owned by ${countOf(input.foreign.owners, "other account")}; BucketOwnerEnforced makes ` +
        "every object and version the bucket owner's in one request, with no copies.",
      remedy: null,
    });
};

/** What the logs show of requesters that rely on ACLs, or that none were read. */
const logEvidence: Rule = (input, add) => {
  if (!input.evidence)
    add({
      id: "no-evidence",
      severity: "info",
      title: "No logs analysed",
      detail:
        "Without server access logs or CloudTrail data events, requests that depend on ACLs are inferred from the " +
        "grants alone.",
      remedy: "Name the bucket's access-log and CloudTrail prefixes to check who still relies on ACLs.",
    });
  else {
    // The requesters that rely on ACLs most, each an item; the rest counted in one.
    const relying = input.evidence.requesters.filter(dependsOnAcls);
    for (const r of relying.slice(0, MAX_EVIDENCE_ITEMS)) {
      const label = input.names[r.requester] ? `${input.names[r.requester]} (${r.requester})` : r.requester;
      const seen = `first seen ${r.firstSeen}, last ${r.lastSeen}`;
      if (r.readsThroughAcl > 0)
        add({
          id: `evidence-read:${r.requester}`,
          severity: "reader-loses",
          title: `${label} read through an ACL ${countOf(r.readsThroughAcl, "time")}`,
          detail: `aclRequired = Yes on its reads (${seen}); under ${topPrefixes(r.prefixes)}.`,
          remedy: "Keep its access in the bucket policy (the translation covers the grants the scan found).",
        });
      if (r.writesThroughAcl > 0)
        add({
          id: `evidence-write:${r.requester}`,
          severity: "writer-refused",
          title: `${label} wrote through an ACL ${countOf(r.writesThroughAcl, "time")}`,
          detail: `aclRequired = Yes on its writes (${seen}): a bucket ACL grant allowed them.`,
          remedy: "Allow its writes in the bucket policy.",
        });
      if (r.writesWithOtherAcl > 0)
        add({
          id: `evidence-acl:${r.requester}`,
          severity: "writer-refused",
          title: `${label} sent ${r.aclsSent.join(", ")} ${countOf(r.writesWithOtherAcl, "time")}`,
          detail: `Requests that set an ACL other than bucket-owner-full-control are refused once ACLs are disabled (${seen}).`,
          remedy: "Change the writer to send bucket-owner-full-control or no ACL.",
        });
    }
    if (relying.length > MAX_EVIDENCE_ITEMS)
      add({
        id: "evidence-more",
        severity: "reader-loses",
        title: `${countOf(relying.length - MAX_EVIDENCE_ITEMS, "more requester")} relying on ACLs`,
        detail: "The evidence table lists them all, by requests.",
        remedy: "Move their access to the bucket policy before enforcing.",
      });
    add({
      id: "evidence-blind-spot",
      severity: "info",
      title: "What the logs cannot show",
      detail: EVIDENCE_BLIND_SPOT,
      remedy: null,
    });
  }
};

const rules: Rule[] = [
  alreadyEnforced,
  bucketAclGrants,
  unreadablePolicy,
  objectGrants,
  grantsOverflow,
  unreadAcls,
  policyConditions,
  foreignObjects,
  logEvidence,
];

/**
 * Marks the grants the translated policy keeps (a principal known, not public unless chosen, keys not too scattered),
 * and the requesters the logs show relying on ACLs whose every grant it keeps: they read and write through the policy
 * what their grants let them before. What still breaks after the policy step is what is left unmarked (a requester
 * that sent ACLs is refused whatever the policy says, and one with no grant the scan found is not known to be kept).
 */
export function markKept(
  readiness: Readiness,
  notTranslated: { grantee: string; permission: string }[] | null,
): Readiness {
  if (!notTranslated) return readiness;
  const out = new Set(notTranslated.map((l) => `${l.grantee}\u0000${l.permission}`));
  // Grantee → whether the policy keeps every grant it holds.
  const allKept = new Map<string, boolean>();
  const grants = readiness.items.map((item) => {
    const m = /^(object|bucket)-acl:(.+):([A-Z_]+)$/.exec(item.id);
    if (!m) return item;
    const kept = !out.has(`${m[2]}\u0000${m[3]}`);
    allKept.set(m[2]!, (allKept.get(m[2]!) ?? true) && kept);
    return { ...item, keptByPolicy: kept };
  });
  return {
    ...readiness,
    items: grants.map((item) => {
      const m = /^evidence-(read|write):(.+)$/.exec(item.id);
      return m ? { ...item, keptByPolicy: allKept.get(m[2]!) === true } : item;
    }),
  };
}
