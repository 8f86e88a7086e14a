import { Badge, type BadgeTone } from "@/components/ui/badge";
import { CopyBlock } from "@/components/ui/copy-block";
import { boxClass } from "@/components/ui/panel";
import { Time } from "@/components/ui/time";
import { SettingChanged } from "@/components/writers/setting-changed";
import { formatBytes } from "@/lib/format";
import { printable } from "@/lib/writers/alert";
import type { Stopped } from "@/lib/writers/stopped";
import { countsOf, unknownToolOf, type WriterVerdict, type WriterView } from "@/lib/writers/view";

const verdicts: Record<WriterVerdict, { tone: BadgeTone; label: string }> = {
  "without-acl": { tone: "danger", label: "writes without bucket-owner-full-control" },
  unknown: { tone: "neutral", label: "its ACL not seen" },
  "with-acl": { tone: "success", label: "sends bucket-owner-full-control" },
};

/** Writes per day over two weeks, as bars: a writer still writing shows on the right. */
function Trend({ trend }: { trend: WriterView["trend"] }) {
  const most = Math.max(1, ...trend.map((d) => d.writes));
  return (
    <div
      className="flex h-6 items-end gap-px"
      role="img"
      aria-label={`Writes per day, last 14 days: ${trend.map((d) => d.writes).join(", ")}`}
    >
      {trend.map((d) => (
        <span
          key={d.day}
          title={`${d.day}: ${d.writes}`}
          className="w-2 bg-slate-400"
          style={{ height: `${Math.max(d.writes ? 15 : 2, (d.writes / most) * 100)}%` }}
        />
      ))}
    </div>
  );
}

/**
 * One writer of the bucket: who, with which tool, what it wrote, the fix at its source, and whether it stopped since
 * its team changed the setting.
 */
export function WriterCard({
  w,
  connectionId,
  bucket,
  canOperate,
}: {
  w: WriterView & { stopped: Stopped | null };
  connectionId: string;
  bucket: string;
  canOperate: boolean;
}) {
  const verdict = verdicts[w.verdict];
  const tool = w.tool
    ? `${w.tool.name}${w.toolVersion ? ` ${w.toolVersion}` : ""}`
    : w.userAgent
      ? `Unknown tool: ${printable(w.userAgent)}`
      : unknownToolOf(w);
  return (
    <section className={`${boxClass} space-y-3 p-3`} data-testid="writer" data-verdict={w.verdict}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h3 className="min-w-0 font-medium wrap-anywhere">
          {w.index}. {printable(w.principal)}
          {w.session && <span className="text-slate-600"> · session {printable(w.session)}</span>}
          {w.accountName && <span className="block text-xs text-slate-500">{w.accountName}</span>}
        </h3>
        <Badge tone={verdict.tone} wrap>
          {verdict.label}
        </Badge>
      </div>
      <p className="text-sm wrap-anywhere" data-testid="writer-tool">
        {tool}
        {w.job && <span className="text-slate-600"> · {printable(w.job)}</span>}
        {w.session && w.tool && (
          <span className="block text-xs text-slate-500">
            Recognised by its session name alone, which whoever assumes the role chooses: the role&apos;s
            trust policy says whether {w.tool.name} is really the one assuming it.
          </span>
        )}
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">
            {w.sources.includes("scan") ? "Objects" : w.sources.includes("events") ? "Arrivals" : "Writes"}
          </dt>
          <dd className="tabular-nums">{countsOf(w)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Bytes</dt>
          <dd className="tabular-nums">{formatBytes(w.bytes)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">
            {w.sources.includes("scan") ? "Oldest and newest object" : "First and last write"}
          </dt>
          <dd>
            <Time at={w.firstWrite} /> – <Time at={w.lastWrite} />
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Last 14 days</dt>
          <dd>
            <Trend trend={w.trend} />
          </dd>
        </div>
      </dl>
      <p className="text-xs wrap-anywhere text-slate-600">
        Where:{" "}
        {Object.entries(w.prefixes)
          .map(([p, n]) => `${p || "(top level)"} ${n}`)
          .join(", ")}
        {w.seenKeys > 0 &&
          !w.owned &&
          ` · ${w.lockedKeys} of ${w.seenKeys} of its keys in the scan are unreadable by the owner`}
      </p>
      {w.verdict !== "with-acl" && (
        <details className="space-y-2 text-sm">
          <summary className="cursor-pointer font-medium text-sky-800">The fix at the source</summary>
          {w.fix ? (
            <div className="space-y-2">
              <p>
                Set it in {w.fix.where} (
                <a
                  href={w.fix.source}
                  className="text-sky-700 underline"
                  rel="noreferrer noopener"
                  target="_blank"
                >
                  documented here
                </a>
                ):
              </p>
              <CopyBlock label="Setting" code={w.fix.example} />
            </div>
          ) : (
            <p>
              Its tool is not known: every write must send the header x-amz-acl: bucket-owner-full-control.
            </p>
          )}
          <CopyBlock label="A message for its team" code={w.message} />
        </details>
      )}
      {(w.stopped || (canOperate && w.verdict !== "with-acl")) && (
        <SettingChanged
          connectionId={connectionId}
          bucket={bucket}
          writerId={w.id}
          stopped={w.stopped}
          canOperate={canOperate}
        />
      )}
    </section>
  );
}
