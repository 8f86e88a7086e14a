import { CopyBlock } from "@/components/ui/copy-block";
import { Check } from "@/components/ui/field";
import { countOf } from "@/lib/format";
import { changedOnly } from "@/lib/migrate/diff";
import type { Translation } from "@/lib/migrate/translate";

const lineStyle = {
  "+": "bg-emerald-50 text-emerald-900",
  "-": "bg-red-50 text-red-900",
  " ": "text-slate-600",
};

/** The policy that keeps what the ACLs grant: merged into the current one, shown as a diff, with what it leaves out. */
export function PolicyDiff({
  translation,
  error,
  includePublic,
  onIncludePublic,
}: {
  translation: Translation | null;
  error: string | null;
  includePublic: boolean;
  onIncludePublic: (value: boolean) => void;
}) {
  return (
    <section aria-labelledby="policy" className="space-y-3">
      <h2 id="policy" className="text-lg font-semibold">
        Bucket policy
      </h2>
      {!translation ? (
        <p className="text-sm text-red-700">{error}</p>
      ) : (
        <>
          <p data-testid="policy-summary" className="text-sm">
            {countOf(translation.statements.length, "statement")} added to keep what the ACLs grant;{" "}
            {translation.size.toLocaleString()} of 20,480 bytes{" "}
            {translation.fits ? "(fits)" : <strong className="text-red-700">(does not fit)</strong>}.
          </p>
          {translation.unresolved.length > 0 && (
            <div
              data-testid="policy-unresolved"
              className="rounded border border-amber-200 bg-amber-50 p-3 text-sm"
            >
              <p className="font-medium">
                Needs an account ID or principal ARN (set it on the connection&apos;s accounts):
              </p>
              <ul className="mt-1 list-disc pl-5">
                {translation.unresolved.map((u) => (
                  <li key={u.grantee} className="break-all">
                    {u.grantee} ({countOf(u.objects, "object")})
                  </li>
                ))}
              </ul>
            </div>
          )}
          <label className="flex items-start gap-2 text-sm">
            <Check
              type="checkbox"
              checked={includePublic}
              onChange={(e) => onIncludePublic(e.target.checked)}
              className="mt-1"
            />
            <span>
              Also translate public grants (AllUsers, AuthenticatedUsers): the policy then makes those keys
              readable by anyone.{" "}
              {translation.publicLeftOut.length > 0 && !includePublic && (
                <strong>{countOf(translation.publicLeftOut.length, "public grant")} left out now.</strong>
              )}
            </span>
          </label>
          {translation.notes.map((n) => (
            <p key={n} className="text-sm text-slate-700">
              {n}
            </p>
          ))}
          {/* What changes, with two lines around each change; the unchanged runs are counted, not shown. */}
          <pre
            tabIndex={0}
            data-testid="policy-diff"
            aria-label="What the policy change adds and removes, line by line"
            className="overflow-x-auto rounded border border-slate-200 bg-white p-2 text-xs"
          >
            {changedOnly(translation.diff).map((d, i) =>
              d.op === "…" ? (
                <div key={i} className="text-slate-500 italic">
                  … {countOf(d.skipped, "unchanged line")}
                </div>
              ) : (
                <div key={i} className={lineStyle[d.op]}>
                  {d.op} {d.line}
                </div>
              ),
            )}
          </pre>
          <details className="text-sm">
            <summary className="cursor-pointer font-medium">The whole merged policy, to copy</summary>
            <div className="mt-2">
              <CopyBlock label="The merged policy" code={translation.after} />
            </div>
          </details>
        </>
      )}
    </section>
  );
}
