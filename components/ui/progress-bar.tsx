/** A determinate progress bar for long actions (scans, fix jobs). */
export function ProgressBar({ percent, track = "bg-slate-100" }: { percent: number; track?: string }) {
  const value = Math.max(0, Math.min(100, Math.floor(percent)));
  return (
    <div
      role="progressbar"
      aria-valuenow={value}
      aria-valuemin={0}
      aria-valuemax={100}
      className={`h-2 overflow-hidden rounded ${track}`}
    >
      <div className="h-full bg-sky-600 transition-all" style={{ width: `${value}%` }} />
    </div>
  );
}
