"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { useTestConnection } from "@/lib/queries/connections";

/** Runs the calls Ownerscope needs and lists each with what to change when it fails. */
export function ConnectionTest({ connectionId }: { connectionId: string }) {
  const test = useTestConnection(connectionId);
  const [bucket, setBucket] = useState("");
  return (
    <div className={panelClass}>
      <div className="flex flex-wrap items-end gap-3">
        <Field>
          Sample bucket (optional)
          <Input
            value={bucket}
            onChange={(e) => setBucket(e.target.value)}
            placeholder="the first bucket listed"
          />
        </Field>
        <Button
          disabled={test.isPending}
          onClick={() => test.mutate(bucket.trim() || undefined)}
          variant="primary"
        >
          {test.isPending ? "Testing…" : "Test connection"}
        </Button>
        {test.data && (
          <span
            role="status"
            data-testid="test-verdict"
            className={`text-sm font-medium ${test.data.ok ? "text-emerald-700" : "text-red-700"}`}
          >
            {test.data.ok ? "Every check passed." : "Some checks failed: see what to change below."}
          </span>
        )}
      </div>
      {test.error && <ErrorPanel message={test.error.message} />}
      {test.data && (
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Checks">
          {test.data.results.map((r, i) => (
            <li key={`${r.check}${i}`} data-testid="check" data-ok={String(r.ok)} className="flex gap-2 py-2">
              <span aria-hidden="true" className={r.ok ? "text-emerald-600" : "text-red-600"}>
                {r.ok ? "✓" : "✗"}
              </span>
              <span>
                <span className="font-medium">{r.label}</span>
                <span className={`block ${r.ok ? "text-slate-500" : "text-red-800"}`}>{r.detail}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
