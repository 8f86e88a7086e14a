import { ALL_USERS, AUTHENTICATED_USERS, type Grant } from "@/lib/audit/types";

/**
 * Grants to anyone other than the object's owner and the bucket owner: a partner account, log delivery, a CDN
 * identity, the public. A copy in place or a canned ACL would drop them, so a fix restates them and says so.
 */
export function otherGrants(grants: readonly Grant[], ownerIds: readonly (string | null)[]): Grant[] {
  const owners = new Set(ownerIds.filter((id): id is string => id !== null));
  return dedupe(grants.filter((g) => !(g.granteeType === "CanonicalUser" && owners.has(g.grantee))));
}

const isPublicGrant = (g: Grant) =>
  g.granteeType === "Group" && (g.grantee === ALL_USERS || g.grantee === AUTHENTICATED_USERS);

/** Permissions an object ACL can carry in a copy's grant headers (WRITE has no meaning on an object). */
const restatable = new Set<Grant["permission"]>(["FULL_CONTROL", "READ", "READ_ACP", "WRITE_ACP"]);

// A grantee is written into a header list as id="…", uri="…" or emailAddress="…": quotes, commas and control
// characters would change the list's meaning, so such a grantee is never restated (the fix refuses instead).
const headerSafe = (grantee: string) => /^[^",\u0000-\u001f\u007f]{1,1024}$/.test(grantee);

export type GrantPlan = {
  /** Restated by the fix, exactly as they are. */
  kept: Grant[];
  /** Dropped by the fix, each with why: announced in the plan, never silently. */
  dropped: { grant: Grant; why: string }[];
};

/** What a fix does with each grant beyond the owner and the bucket owner. Public grants are kept only on request. */
export function planGrants(others: readonly Grant[], keepPublic: boolean): GrantPlan {
  const plan: GrantPlan = { kept: [], dropped: [] };
  for (const g of others) {
    if (isPublicGrant(g) && !keepPublic)
      plan.dropped.push({ grant: g, why: "public grants are kept only by choice" });
    else if (!restatable.has(g.permission))
      plan.dropped.push({ grant: g, why: "not a permission an object has" });
    else if (!headerSafe(g.grantee))
      plan.dropped.push({ grant: g, why: "its grantee cannot be written in a header" });
    else plan.kept.push(g);
  }
  return plan;
}

const grantKey = (g: Grant) => `${g.granteeType}\u0000${g.grantee}\u0000${g.permission}`;

function dedupe(grants: readonly Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const g of grants) seen.set(grantKey(g), g);
  return [...seen.values()];
}

/** Whether two lists hold the same grants, in any order and with duplicates ignored. */
export function sameGrants(a: readonly Grant[], b: readonly Grant[]): boolean {
  const left = new Set(a.map(grantKey));
  const right = new Set(b.map(grantKey));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

const headerValue = (g: Grant) =>
  g.granteeType === "Group"
    ? `uri="${g.grantee}"`
    : g.granteeType === "AmazonCustomerByEmail"
      ? `emailAddress="${g.grantee}"`
      : `id="${g.grantee}"`;

export type GrantHeaders = {
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWriteACP?: string;
};

/**
 * The x-amz-grant-* headers of a write that gives `fullControl` (the owner, the bucket owner) FULL_CONTROL and
 * restates `kept`. Sent instead of a canned ACL, which would replace the whole ACL.
 */
export function grantHeaders(fullControl: readonly string[], kept: readonly Grant[]): GrantHeaders {
  const all: Grant[] = dedupe([
    ...fullControl.map((id): Grant => ({
      grantee: id,
      granteeType: "CanonicalUser",
      permission: "FULL_CONTROL",
    })),
    ...kept,
  ]);
  const of = (permission: Grant["permission"]) => {
    const list = all.filter((g) => g.permission === permission).map(headerValue);
    return list.length > 0 ? list.join(", ") : undefined;
  };
  const headers: GrantHeaders = {
    GrantFullControl: of("FULL_CONTROL"),
    GrantRead: of("READ"),
    GrantReadACP: of("READ_ACP"),
    GrantWriteACP: of("WRITE_ACP"),
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as GrantHeaders;
}

/** A grant as a person reads it: "READ to account-c", "READ to AllUsers (public)". */
export function describeGrant(g: Grant, accountName: (id: string) => string = (id) => id): string {
  const who =
    g.granteeType === "Group"
      ? `${g.grantee.split("/").pop()}${isPublicGrant(g) ? " (public)" : ""}`
      : g.granteeType === "CanonicalUser"
        ? accountName(g.grantee)
        : g.grantee;
  return `${g.permission} to ${who}`;
}
