/** One bucket of the fleet as the status, the view and the exports show it. */
export type FleetBucketRow = {
  accountId: string;
  accountName: string;
  ouPath: string[];
  tags: Record<string, string>;
  bucket: string;
  region: string | null;
  state: "pending" | "scanned" | "failed";
  cause: string | null;
  detail: string | null;
  failingSince: string | null;
  scanId: number | null;
  scannedAt: string | null;
  bucketOwnerId: string | null;
  classified: number;
  foreignObjects: number;
  lockedObjects: number;
  foreignBytes: number;
  /** Canonical IDs of the foreign owners. */
  writers: string[];
};
