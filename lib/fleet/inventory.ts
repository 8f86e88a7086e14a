import { checkInventoryConfig, type InventoryConfigSummary } from "@/lib/inventory/config";
import { configurationRoots, type ReportRoot } from "@/lib/inventory/locations";

// Which of a bucket's S3 Inventory configurations a fleet scan reads instead of listing the bucket, and whether the
// report it finds there is recent enough to stand for the bucket. Pure: the fleet scan reads the configurations and
// the manifest, and falls back to listing with the reason whenever this says no.

export type ReportSource = {
  configId: string;
  root: ReportRoot;
  /** The account the reports are delivered to, when the configuration names one (it may be another account). */
  destinationAccountId: string | null;
  frequency: "Daily" | "Weekly";
  /** The report carries every key's ACL: no key needs a request of its own. */
  hasAcl: boolean;
};

const DAY = 86_400_000;
// A daily report comes every day and a weekly one every week; one older than its period and a day's slack is
// overdue (the configuration stopped delivering), and a scan from it would show the bucket as it was days ago.
const maxAgeMs = { Daily: 2 * DAY, Weekly: 8 * DAY } as const;

/**
 * The configurations whose reports can stand for a listing, best first (with ACLs before without, daily before
 * weekly), and why the others cannot. A configuration without ObjectOwner would need a request per key: listing is
 * cheaper.
 */
export function reportSources(
  bucket: string,
  configs: InventoryConfigSummary[],
): { sources: ReportSource[]; unusable: string[] } {
  const sources: ReportSource[] = [];
  const unusable: string[] = [];
  for (const config of configs) {
    const check = checkInventoryConfig(config);
    const root = configurationRoots(bucket, [config])[0];
    const why = !config.enabled
      ? "it is disabled"
      : config.format !== "CSV" && config.format !== "Parquet"
        ? `its reports are ${config.format ?? "of no format"}, not CSV or Parquet`
        : !check.hasOwner
          ? "its reports lack ObjectOwner"
          : config.frequency !== "Daily" && config.frequency !== "Weekly"
            ? "it has no schedule"
            : !root
              ? "its destination is not a bucket ARN"
              : null;
    if (why) {
      unusable.push(`inventory ${JSON.stringify(config.id.slice(0, 64))}: ${why}`);
      continue;
    }
    sources.push({
      configId: config.id,
      root: root!,
      destinationAccountId: config.destinationAccountId,
      frequency: config.frequency as ReportSource["frequency"],
      hasAcl: check.hasAcl,
    });
  }
  sources.sort(
    (x, y) => Number(y.hasAcl) - Number(x.hasAcl) || maxAgeMs[x.frequency] - maxAgeMs[y.frequency],
  );
  return { sources, unusable };
}

/** Null when a report made at `reportDate` may stand for the bucket now; else why not. */
export function staleReport(source: ReportSource, reportDate: string, now: Date): string | null {
  const made = Date.parse(reportDate);
  const age = now.getTime() - made;
  if (!Number.isFinite(made)) return "its newest report has no valid date";
  if (age < -DAY) return `its newest report is dated ${reportDate.slice(0, 10)}, in the future`;
  if (age <= maxAgeMs[source.frequency]) return null;
  return (
    `its newest report is from ${reportDate.slice(0, 10)}, ${Math.floor(age / DAY)} days old ` +
    `(a ${source.frequency.toLowerCase()} report is used up to ${maxAgeMs[source.frequency] / DAY} days)`
  );
}
