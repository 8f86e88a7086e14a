"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Check, ErrorLine } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { useFixByRule } from "@/lib/queries/watch";
import type { WatchView } from "@/lib/schemas/watch";

/** Fixing on arrival: off by default; per account with a fixer; the switch stops it at once. */
export function FixByRulePanel({
  connectionId,
  bucket,
  view,
  isAdmin,
}: {
  connectionId: string;
  bucket: string;
  view: WatchView;
  isAdmin: boolean;
}) {
  const [enabled, setEnabled] = useState(view.watch?.fixByRule ?? false);
  const [accounts, setAccounts] = useState<string[]>(view.fixers);
  const save = useFixByRule(connectionId, bucket);
  const withFixers = view.accounts.filter((a) => a.hasFixer);
  if (!view.watch) return null;
  return (
    <section aria-labelledby="fix-rule-heading" className={panelClass}>
      <h2 id="fix-rule-heading" className="text-lg font-semibold">
        Fix by rule
      </h2>
      <p className="text-sm text-slate-700">
        {view.fixByRuleStopped
          ? "Stopped for the whole server (OWNERSCOPE_FIX_BY_RULE=off): arriving objects are only reported."
          : view.watch.fixByRule && view.fixers.length > 0
            ? `On: objects from ${view.fixers.length} account(s) are fixed as they arrive (the planned default fix, checked and audited as any fix; at most 60 a minute).`
            : "Off: arriving objects are only reported."}
      </p>
      {isAdmin && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ enabled, accounts });
          }}
        >
          <label className="flex items-center gap-2 text-sm">
            <Check type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            Fix arriving objects of the accounts below
          </label>
          {withFixers.length === 0 ? (
            <p className="text-sm text-slate-600">No account on this connection has a fixer.</p>
          ) : (
            withFixers.map((a) => (
              <label key={a.canonicalId} className="flex items-center gap-2 pl-6 text-sm">
                <Check
                  type="checkbox"
                  checked={accounts.includes(a.canonicalId)}
                  onChange={(e) =>
                    setAccounts((now) =>
                      e.target.checked ? [...now, a.canonicalId] : now.filter((x) => x !== a.canonicalId),
                    )
                  }
                />
                {a.name}
              </label>
            ))
          )}
          <Button type="submit" variant="primary" disabled={save.isPending}>
            Save
          </Button>
          <ErrorLine error={save.error} />
        </form>
      )}
    </section>
  );
}
