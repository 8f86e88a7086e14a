// The organization's accounts by canonical ID, for naming who owns an object. An owner missing from it is outside
// the organization only when the directory is complete (no member left out by a filter, every member's canonical ID
// learnt); otherwise it may be a member not scanned yet, and is said to be not in the directory.

export type Directory = { accounts: Record<string, { id: string; name: string }>; complete: boolean };

export const memberOf = (d: Directory, canonicalId: string) =>
  Object.hasOwn(d.accounts, canonicalId) ? d.accounts[canonicalId] : undefined;

export const isOutside = (d: Directory, canonicalId: string) =>
  d.complete && !Object.hasOwn(d.accounts, canonicalId);

export function writerName(d: Directory, canonicalId: string): string {
  const account = memberOf(d, canonicalId);
  if (account) return `${account.name} (${account.id})`;
  return d.complete ? `outside the organization (${canonicalId})` : `not in the directory (${canonicalId})`;
}
