import "server-only";
import type { AwsTarget } from "@/lib/aws/clients";
import { isRetryable, isThrottle } from "@/lib/aws/errors";
import { listAccountBuckets, tryBucket } from "@/lib/aws/fleet-io";
import { readTargetOf } from "@/lib/connections/identities";
import type { Db } from "@/lib/db";
import { saveConnection } from "@/lib/db/connections";
import { getFleetAccount, getFleetSettings, setAccountHealth } from "@/lib/db/fleet";
import {
  accountsToList,
  beatFleetRun,
  fleetCancelRequested,
  claimFleetRun,
  finishFleetRun,
  markAccountListed,
  pendingBuckets,
  recordAccountBuckets,
  recordBucketFailed,
  recordBucketScanned,
  lastScanOf,
  type FleetRun,
  type PendingBucket,
} from "@/lib/db/fleet-runs";
import { getScan, markFleetScan, type ScanRecord } from "@/lib/db/scans";
import { AppError } from "@/lib/errors";
import { foreignCount } from "@/lib/export/report";
import { fleetConnection } from "@/lib/fleet/access";
import { causeOf, causeOfScanFailure, describeCause, type Cause } from "@/lib/fleet/causes";
import { scanFromReport, type ReportScanContext } from "@/lib/jobs/fleet-inventory";
import { AdaptiveLimiter, withRetry, type RetryStats } from "@/lib/jobs/limiter";
import { linkedAbort, runPool } from "@/lib/jobs/run-control";
import { runScan } from "@/lib/jobs/scan-runner";
import { prepareScan } from "@/lib/jobs/scans";
import type { FleetSettings } from "@/lib/schemas/fleet";

// A fleet scan: every account of the run checked and its buckets listed, then every bucket scanned, all under one
// budget of requests that backs off together when S3 pushes back. A failing account or bucket is recorded with its
// cause and the run goes on; the run ends "partial" when anything failed.

export type FleetEvent =
  | { kind: "account"; accountId: string; name: string; buckets: number }
  | { kind: "account-failed"; accountId: string; name: string; cause: Cause; detail: string }
  | {
      kind: "bucket";
      accountId: string;
      bucket: string;
      scanId: number;
      foreign: number;
      /** "inventory": read from the bucket's newest S3 Inventory report instead of listing it. */
      mode: "fast" | "full" | "inventory";
    }
  | { kind: "bucket-failed"; accountId: string; bucket: string; cause: Cause; detail: string };

export type FleetRunOptions = {
  signal?: AbortSignal;
  onEvent?: (event: FleetEvent) => void;
  /** Where buckets' inventory configurations are read (S3's own by default; a gateway without Inventory's tests). */
  listInventoryConfigs?: ReportScanContext["listConfigs"];
};

// Patient with throttling: an account or bucket given up on is a hole in the fleet's picture until the next run.
// A hanging or failing endpoint (timeouts, 5xx) gets a few tries only: fifteen waits of a minute each would hold the
// whole run for a quarter of an hour per account.
const retryPolicy = {
  attempts: 15,
  otherAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  isRetryable,
  isThrottle,
};

/** A bucket whose last scan found a large enough foreign share is worth an ACL read per key. */
function modeFor(db: Db, settings: FleetSettings, lastScanId: number | null): "fast" | "full" {
  const last = lastScanId === null ? undefined : getScan(db, lastScanId);
  if (!last || last.status !== "completed" || last.classified === 0) return "fast";
  return foreignCount(last.byStatus) / last.classified >= settings.fullScanAbove ? "full" : "fast";
}

export async function runFleetScan(
  db: Db,
  runId: number,
  o: FleetRunOptions = {},
): Promise<FleetRun["status"]> {
  const settings = getFleetSettings(db);
  if (!settings) throw new AppError("invalid_input", "The fleet is not set up: run fleet discover first.");
  claimFleetRun(db, runId, process.pid);
  const { controller, signal, release } = linkedAbort(
    o.signal,
    () => o.signal?.reason ?? new Error("cancelled"),
  );
  // The heartbeat also hears a stop asked from the page (another thread or process), as does each account and bucket
  // as it is taken up (a read alone: the heartbeat is the only write).
  const stop = () => controller.abort(new Error("stopped from the fleet page"));
  const beat = () => {
    if (fleetCancelRequested(db, runId)) stop();
  };
  if (beatFleetRun(db, runId)) stop();
  const heartbeat = setInterval(() => beatFleetRun(db, runId) && stop(), 5_000);
  const limiter = new AdaptiveLimiter(settings.concurrency);
  const stats: RetryStats = { requests: 0, retries: 0, throttled: 0 };
  const call = <T>(fn: () => Promise<T>) => withRetry(limiter, retryPolicy, stats, fn, signal);
  try {
    await listAccounts(db, runId, settings, call, signal, o.onEvent, beat);
    await scanBuckets(db, settings, { ...o, runId, limiter, call, signal, beat });
  } finally {
    clearInterval(heartbeat);
    release();
  }
  return finishFleetRun(db, runId, signal.aborted);
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

async function listAccounts(
  db: Db,
  runId: number,
  settings: FleetSettings,
  call: Call,
  signal: AbortSignal,
  onEvent: FleetRunOptions["onEvent"],
  beat: () => void,
) {
  const ids = accountsToList(db, runId);
  await runPool<string>({
    concurrency: Math.min(8, settings.concurrency),
    capacity: 64,
    signal,
    produce: async (push) => {
      for (const id of ids) {
        beat();
        await push(id);
      }
    },
    work: (id) =>
      guarded(
        () => listOne(id),
        (detail) => {
          setAccountHealth(db, id, "endpoint-error", detail);
          markAccountListed(db, runId, id);
        },
      ),
  });

  async function listOne(id: string) {
    const account = getFleetAccount(db, id);
    if (!account) {
      markAccountListed(db, runId, id);
      return;
    }
    const connection = saveConnection(db, fleetConnection(settings, account));
    const listing = await listAccountBuckets(readTargetOf(connection), call);
    if (signal.aborted) return false;
    if (!listing.ok) {
      const cause = causeOf(listing.facts);
      const detail = describeCause(cause, listing.facts);
      setAccountHealth(db, id, cause, detail);
      markAccountListed(db, runId, id);
      onEvent?.({ kind: "account-failed", accountId: id, name: account.name, cause, detail });
      return;
    }
    setAccountHealth(db, id, "ok", null, listing.ownerId ?? undefined);
    recordAccountBuckets(db, runId, id, listing.buckets);
    onEvent?.({ kind: "account", accountId: id, name: account.name, buckets: listing.buckets.length });
  }
}

type BucketRun = FleetRunOptions & {
  runId: number;
  /** Says the run is alive and stops it if someone asked: called as each bucket is taken up. */
  beat: () => void;
  limiter: AdaptiveLimiter;
  call: Call;
  signal: AbortSignal;
  /** Requests one bucket's scan may have in flight (the shared limiter still caps the total). */
  perBucket: number;
};

async function scanBuckets(db: Db, settings: FleetSettings, o: Omit<BucketRun, "perBucket">) {
  const { signal, onEvent, runId } = o;
  // Buckets are scanned a few at a time, each with up to the whole budget: a large bucket uses what the small ones
  // leave, and the shared limiter keeps the total where it was set.
  const run: BucketRun = { ...o, perBucket: Math.min(settings.concurrency, 32) };
  const buckets = pendingBuckets(db, runId);
  await runPool<PendingBucket>({
    concurrency: Math.max(1, Math.min(8, Math.ceil(settings.concurrency / 4))),
    capacity: 64,
    signal,
    produce: async (push) => {
      for (const b of buckets) {
        o.beat();
        await push(b);
      }
    },
    work: (b) =>
      guarded(
        () => scanOne(b),
        (detail) => recordBucketFailed(db, b.accountId, b.bucket, { cause: "endpoint-error", detail }),
      ),
  });

  async function scanOne({ accountId, bucket, region }: PendingBucket) {
    const account = getFleetAccount(db, accountId);
    if (!account) return;
    const connection = saveConnection(db, fleetConnection(settings, account));
    const target = { ...readTargetOf(connection), region: region ?? connection.region };
    const fail = (cause: Cause, detail: string) => {
      recordBucketFailed(db, accountId, bucket, { cause, detail });
      onEvent?.({ kind: "bucket-failed", accountId, bucket, cause, detail });
    };
    const denied = await tryBucket(target, bucket, run.call);
    if (signal.aborted) return false;
    if (denied) {
      const cause = causeOf(denied);
      return fail(cause, describeCause(cause, denied));
    }
    const { scan, mode, note } = await scanReadable(db, settings, run, {
      accountId,
      bucket,
      region,
      connectionId: connection.id,
      target,
    });
    if (signal.aborted) return false;
    if (scan.status !== "completed") {
      const reason = scan.error ?? `the scan ended ${scan.status}`;
      return fail(causeOfScanFailure(reason, bucket), reason);
    }
    recordBucketScanned(db, accountId, bucket, scan.id, note);
    const foreign = foreignCount(scan.byStatus);
    onEvent?.({ kind: "bucket", accountId, bucket, scanId: scan.id, foreign, mode });
  }
}

/**
 * A bucket the scanner may read, scanned from its newest inventory report where one stands for it, else listed (in
 * full where its last foreign share makes that worth it); with why it was listed despite a configured inventory.
 */
async function scanReadable(
  db: Db,
  settings: FleetSettings,
  run: BucketRun,
  b: { accountId: string; bucket: string; region: string | null; connectionId: string; target: AwsTarget },
): Promise<{ scan: ScanRecord; mode: "fast" | "full" | "inventory"; note: string | null }> {
  const fromReport = settings.useInventory
    ? await scanFromReport(db, {
        ...b,
        targetOfAccount: (id) => readTargetOfMember(db, settings, id, b.region),
        concurrency: run.perBucket,
        fleetRunId: run.runId,
        limiter: run.limiter,
        call: run.call,
        signal: run.signal,
        now: new Date(),
        listConfigs: run.listInventoryConfigs,
      })
    : { scan: null, note: null };
  if (fromReport.scan) return { scan: fromReport.scan, mode: "inventory", note: null };
  const mode = modeFor(db, settings, lastScanOf(db, b.accountId, b.bucket));
  const request = { ...b, prefix: "", mode, versions: false, concurrency: run.perBucket };
  const { scanId } = prepareScan(db, request);
  markFleetScan(db, scanId, run.runId);
  const scan = await runScan(db, scanId, { signal: run.signal, limiter: run.limiter });
  return { scan, mode, note: fromReport.note };
}

/** Another account of the fleet, which reads reports delivered to its bucket, when it is an active member. */
function readTargetOfMember(db: Db, settings: FleetSettings, accountId: string, region: string | null) {
  const member = getFleetAccount(db, accountId);
  if (!member || member.state !== "active") return null;
  const connection = saveConnection(db, fleetConnection(settings, member));
  return { ...readTargetOf(connection), region: region ?? connection.region };
}

/**
 * One account's or bucket's work, whose unexpected failure (a bad stored value, a bug) is recorded against that
 * account or bucket alone: the fleet goes on, and the run ends partial.
 */
async function guarded(work: () => Promise<boolean | void>, record: (detail: string) => void) {
  try {
    return await work();
  } catch (error) {
    record(`Ownerscope failed here: ${String((error as Error).message ?? error).slice(0, 300)}`);
  }
}
