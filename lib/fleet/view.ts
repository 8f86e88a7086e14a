// What the fleet view shows, as data (lib/api/fleet-view.ts builds it; components/fleet draw it).
import type { FleetBucketRow } from "@/lib/fleet/bucket-row";
import type { Problem } from "@/lib/fleet/rank";

export type FleetBucketView = FleetBucketRow & {
  href: string;
  daysFailing: number;
  writerNames: string[];
  /** A writer outside the organization wrote some of its foreign objects. */
  outside: boolean;
};

export type FleetAccountView = {
  id: string;
  name: string;
  ouPath: string[];
  health: string | null;
  healthDetail: string | null;
  daysFailing: number;
  buckets: number;
  foreign: number;
  locked: number;
  failing: number;
};

export type ProblemCount = { problem: Problem; label: string; buckets: number };

export type FleetChoices = {
  ous: string[];
  accounts: { id: string; name: string }[];
  tags: string[];
  regions: string[];
};
