/** A data table's header row, one column header per label, in the style every table of the app shares. */
export function TableHead({ labels, className = "text-xs" }: { labels: string[]; className?: string }) {
  return (
    <thead className={`bg-slate-50 tracking-wide text-slate-500 uppercase ${className}`}>
      <tr>
        {labels.map((h, i) => (
          <th key={`${i}${h}`} scope="col" className="px-3 py-2">
            {/* A column of buttons has no visible header; a screen reader still hears one. */}
            {h || <span className="sr-only">Actions</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
