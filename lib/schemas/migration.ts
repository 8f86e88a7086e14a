import type { BucketPosture } from "@/lib/audit/posture";
import type { Grant } from "@/lib/audit/types";
import type { AthenaScripts } from "@/lib/migrate/athena";
import type { Evidence } from "@/lib/migrate/evidence";
import type { Readiness } from "@/lib/migrate/readiness";
import type { CutoverStep, StepName, StepState } from "@/lib/migrate/steps";
import type { Translation } from "@/lib/migrate/translate";

/** A snapshot and its cutover as the browser and the CLI see them. */
export type MigrationView = {
  id: number;
  createdAt: string;
  createdBy: string;
  scanId: number | null;
  steps: Partial<Record<StepName, StepState>>;
  next: CutoverStep | null;
  policyBefore: string | null;
  bucketAcl: { ownerId: string; grants: Grant[] };
  ownershipBefore: string;
  /** What re-enabling ACLs brings back, by the snapshot. */
  rollback: {
    objectsReturned: number;
    writers: { ownerId: string; objects: number }[];
    grants: { grantee: string; permission: string; objects: number }[];
  };
};

export type MigrationPlanDto = {
  bucket: string;
  ownerId: string;
  /** The policy and bucket grants as read for this plan (a snapshot checks them again). */
  policyText: string | null;
  bucketGrants: Grant[];
  scan: { id: number; mode: string; versions: boolean; finishedAt: string | null };
  objectOwnership: BucketPosture["objectOwnership"];
  readiness: Readiness;
  translation: Translation | null;
  translationError: string | null;
  includePublic: boolean;
  evidence: { request: object; evidence: Evidence; at: string } | null;
  migration: MigrationView | null;
  athena?: AthenaScripts;
};

/** One reading of logs for evidence, run as a job: how far it got, and how it ended. */
export type EvidenceJob = {
  id: number;
  connectionId: string;
  bucket: string;
  request: {
    accessLogs: string | null;
    cloudTrail: string | null;
    metadataJournal?: string | null;
    since: string | null;
  };
  actor: string;
  /** partial: it stopped at a bound (or was cancelled) and kept what it had read. */
  state: "running" | "completed" | "partial" | "cancelled" | "failed";
  files: number;
  /** Decompressed bytes read. */
  bytes: number;
  requesters: number;
  runnerPid: number | null;
  heartbeatAt: number | null;
  cancelRequested: boolean;
  partial: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};
