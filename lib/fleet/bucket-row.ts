/** One bucket of the fleet as the status, the view and the exports show it; its counts are as of its last scan. */
export type FleetBucketRow = {
  accountId: string;
  accountName: string;
  ouPath: string[];
  ouIds: string[];
  tags: Record<string, string>;
  bucket: string;
  region: string | null;
  state: "pending" | "scanned" | "failed";
  cause: string | null;
  detail: string | null;
  failingSince: string | null;
  scanId: number | null;
  scannedAt: string | null;
  /** The S3 Inventory report the last scan was made from (its date); null: the bucket was listed. */
  reportDate: string | null;
  /** Why the bucket was listed although it has an inventory configuration. */
  sourceNote: string | null;
  classified: number;
  foreignObjects: number;
  lockedObjects: number;
  foreignBytes: number;
  /** Objects with a public grant (AllUsers or AuthenticatedUsers). */
  publicObjects: number;
  /** The newest foreign object's date: a writer still writing shows here. */
  newestForeignAt: string | null;
  /** Canonical IDs of the foreign owners. */
  writers: string[];
  /** Each foreign owner with what it owns in the bucket (the most objects first, at most 50). */
  writerCounts: { id: string; objects: number; locked: number; bytes: number; newest: string | null }[];
};
