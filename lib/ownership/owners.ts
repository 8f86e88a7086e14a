export type OwnerView = {
  /** Canonical ID as S3 reports it; null when the listing carried no owner. */
  id: string | null;
  /** The operator's name for that account, if the accounts table knows it. */
  name: string | null;
  isBucketOwner: boolean;
  /** True when the key belongs to an account other than the bucket owner: the bucket owner cannot rely on it. */
  foreign: boolean;
};

/**
 * Decides who owns a key by canonical ID alone. DisplayName is never compared: AWS stopped returning it, and two
 * accounts can share one.
 */
export function describeOwner(
  ownerId: string | null,
  bucketOwnerId: string,
  accountNames: ReadonlyMap<string, string>,
): OwnerView {
  if (ownerId === null) return { id: null, name: null, isBucketOwner: false, foreign: false };
  const isBucketOwner = ownerId === bucketOwnerId;
  return { id: ownerId, name: accountNames.get(ownerId) ?? null, isBucketOwner, foreign: !isBucketOwner };
}

export function accountNameMap(
  accounts: readonly { canonicalId: string; name: string }[],
): Map<string, string> {
  return new Map(accounts.map((a) => [a.canonicalId, a.name]));
}
