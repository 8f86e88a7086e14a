// A placeholder while rows load: a status region (aria-label is allowed only on an element with a role), its bars
// hidden from assistive technology.
export function SkeletonRows({ rows = 6 }: { rows?: number }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading" className="space-y-2">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} aria-hidden="true" className="h-8 animate-pulse rounded bg-slate-200" />
      ))}
    </div>
  );
}
