/**
 * A progress bar for long actions (scans, fix jobs). With a null percent it shows activity without a share (a scan
 * still listing a bucket of unknown size): no value announced, a band sliding across instead of a width.
 */
export function ProgressBar({ percent, track = "bg-slate-100" }: { percent: number | null; track?: string }) {
  const value = percent === null ? null : Math.max(0, Math.min(100, Math.floor(percent)));
  return (
    <div
      role="progressbar"
      aria-valuenow={value ?? undefined}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuetext={value === null ? "size not known yet" : undefined}
      data-indeterminate={value === null || undefined}
      className={`h-2 overflow-hidden rounded ${track}`}
    >
      {value === null ? (
        <div className="animate-slide h-full w-1/3 bg-sky-600 motion-reduce:w-full motion-reduce:animate-none motion-reduce:opacity-40" />
      ) : (
        <div className="h-full bg-sky-600 transition-all" style={{ width: `${value}%` }} />
      )}
    </div>
  );
}
