// The organization's accounts, for naming who owns an object. A canonical ID is known when the account's own
// ListBuckets told it; on Ceph a canonical ID names its account itself ("<tenant>$<user>", the tenant being the
// account). An owner is outside the organization only when that is known: every member is listed (no filter left
// one out) and, for an AWS canonical ID, every member's canonical ID has been learnt. Otherwise it may be a member
// not scanned yet, and is said to be not in the directory.

export type Directory = {
  /** Canonical ID → the member account it is. */
  accounts: Record<string, { id: string; name: string }>;
  /** Member account ID → its name. */
  members: Record<string, string>;
  /** No member was left out by a filter. */
  membersComplete: boolean;
  /** Every member's canonical ID is known. */
  canonicalComplete: boolean;
};

const cephTenant = (canonicalId: string) => /^(\d{12})\$[^$]+$/.exec(canonicalId)?.[1] ?? null;

export function memberOf(d: Directory, canonicalId: string): { id: string; name: string } | undefined {
  if (Object.hasOwn(d.accounts, canonicalId)) return d.accounts[canonicalId];
  const tenant = cephTenant(canonicalId);
  return tenant && Object.hasOwn(d.members, tenant) ? { id: tenant, name: d.members[tenant]! } : undefined;
}

export function isOutside(d: Directory, canonicalId: string): boolean {
  if (memberOf(d, canonicalId) || !d.membersComplete) return false;
  return cephTenant(canonicalId) !== null || d.canonicalComplete;
}

export function writerName(d: Directory, canonicalId: string): string {
  const account = memberOf(d, canonicalId);
  if (account) return `${account.name} (${account.id})`;
  return isOutside(d, canonicalId)
    ? `outside the organization (${canonicalId})`
    : `not in the directory (${canonicalId})`;
}
