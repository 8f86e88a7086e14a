"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Check, Input, Select } from "@/components/ui/field";
import { Modal } from "@/components/ui/modal";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Table } from "@/components/ui/table";
import { viewInWords } from "@/lib/audit/view-words";
import type { PlanTotals } from "@/lib/fix/plan";
import { countOf, formatBytes } from "@/lib/format";
import { useFixPlan, useStartFix } from "@/lib/queries/fixes";
import type { FixSelectionInput } from "@/lib/schemas/fix";

/** From how many objects on a start asks for the count typed. */
const CONFIRM_BY_TYPING_ABOVE = 10;

type StrategyChoice = "" | "reput" | "grant" | "take-ownership";

/** The plan of a fix (the dry run), then one click to run it. */
export function FixDialog({
  selection,
  title,
  onClose,
  onStarted,
}: {
  selection: Omit<FixSelectionInput, "strategy">;
  title: string;
  onClose: () => void;
  onStarted: (jobId: number) => void;
}) {
  const [strategy, setStrategy] = useState<StrategyChoice>("");
  const [keepPublicGrants, setKeepPublicGrants] = useState(false);
  const choices = { ...(strategy ? { strategy } : {}), ...(keepPublicGrants ? { keepPublicGrants } : {}) };
  const plan = useFixPlan({ ...selection, ...choices });
  const start = useStartFix();
  const [typed, setTyped] = useState("");
  const toFix = plan.data?.totals.toFix ?? 0;
  // Above a handful of objects the operator types the count: a bulk write is not one stray click away.
  const mustType = toFix > CONFIRM_BY_TYPING_ABOVE;

  return (
    <Modal label="Fix plan" width="max-w-4xl" title={title} onClose={onClose}>
      <label className="flex items-center gap-2 text-sm">
        Strategy
        <Select
          aria-label="Strategy"
          value={strategy}
          onChange={(e) => setStrategy(e.target.value as StrategyChoice)}
        >
          <option value="">default for each object</option>
          <option value="reput">reput (the owner re-puts with bucket-owner-full-control)</option>
          <option value="grant">grant (the owner&apos;s PutObjectAcl bucket-owner-full-control)</option>
          <option value="take-ownership">take ownership (the bucket owner copies in place)</option>
        </Select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <Check
          type="checkbox"
          checked={keepPublicGrants}
          onChange={(e) => setKeepPublicGrants(e.target.checked)}
        />
        Keep public grants (AllUsers, AuthenticatedUsers); without this, a fix drops them
      </label>
      <p data-testid="plan-scope" className="text-sm text-slate-700">
        {scopeInWords(selection)}
      </p>
      {plan.isPending ? (
        <SkeletonRows rows={4} />
      ) : plan.error ? (
        <ErrorPanel message={plan.error.message} onRetry={() => plan.refetch()} />
      ) : (
        <>
          <PlanTotals totals={plan.data.totals} />
          <GrantTotals totals={plan.data.totals} />
          <PlanGroups totals={plan.data.totals} />
          <PlanObjects objects={plan.data.objects} truncated={plan.data.truncated} />
          {plan.data.truncated && (
            <p className="text-xs text-slate-500">
              Showing the first 500 objects; the totals cover all of them.
            </p>
          )}
          {start.error && <ErrorPanel message={start.error.message} />}
          {mustType && (
            <label className="block text-sm">
              This writes to {countOf(toFix, "object")} another account may own: type{" "}
              <strong className="tabular-nums">{toFix}</strong> to confirm
              <Input
                data-testid="confirm-count"
                inputMode="numeric"
                autoComplete="off"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                className="ml-2 w-28"
              />
            </label>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose} variant="secondary">
              Cancel
            </Button>
            <Button
              variant="primary"
              disabled={toFix === 0 || start.isPending || (mustType && typed.trim() !== String(toFix))}
              onClick={() =>
                start.mutate({ ...selection, ...choices }, { onSuccess: ({ jobId }) => onStarted(jobId) })
              }
            >
              {start.isPending ? "Starting…" : `Fix ${countOf(toFix, "object")}`}
            </Button>
          </div>
        </>
      )}
    </Modal>
  );
}

/** What the plan acts on, in words: the keys chosen, or the view's filters (its foreign keys). */
function scopeInWords(selection: Omit<FixSelectionInput, "strategy">): string {
  if (selection.keys) return `Scan #${selection.scanId}: ${countOf(selection.keys.length, "key")} chosen.`;
  const words = viewInWords(selection.filter ?? {});
  return `Scan #${selection.scanId}: the foreign keys of ${
    words.length > 0 ? `the view ${words.join(" · ")}` : "the whole scan"
  }.`;
}

/** The plan by what it does: one line per strategy and actor (or reason to leave objects alone), not per object. */
function PlanGroups({ totals }: { totals: PlanTotals }) {
  const kinds = { fix: "fix", skip: "skipped", impossible: "not possible" } as const;
  return (
    <Table data-testid="plan-groups">
      <caption className="sr-only">What the plan does, by strategy and actor</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="py-1 pr-2">
            Objects
          </th>
          <th scope="col" className="py-1 pr-2">
            What
          </th>
          <th scope="col" className="py-1 pr-2">
            By
          </th>
          {/* On a phone the requests are each object's own line (below); the groups keep to what and who. */}
          <th scope="col" className="hidden py-1 sm:table-cell">
            Requests
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {totals.groups.map((g) => (
          <tr key={`${g.decision}${g.what}${g.actor}`} data-testid="plan-group" data-decision={g.decision}>
            <td className="py-1.5 pr-2 align-top whitespace-nowrap tabular-nums">
              {g.objects.toLocaleString()} · {formatBytes(g.bytes)}
            </td>
            <td className="py-1.5 pr-2 align-top">
              <span className={g.decision === "fix" ? "font-semibold text-sky-900" : "text-slate-700"}>
                {g.decision === "fix" ? g.what : `${kinds[g.decision]}: ${g.what}`}
              </span>
            </td>
            <td className="py-1.5 pr-2 align-top text-slate-600">{g.actor ?? "—"}</td>
            <td className="hidden py-1.5 align-top text-xs break-words text-slate-500 sm:table-cell">
              {g.requests.join(" → ") || "none"}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** What the fix does to grants beyond the owner and the bucket owner, across the whole plan. */
function GrantTotals({ totals }: { totals: PlanTotals }) {
  if (totals.grants.length === 0 && totals.grantsUnknown === 0) return null;
  return (
    <ul
      data-testid="plan-grants"
      className="space-y-0.5 rounded border border-amber-200 bg-amber-50 p-3 text-sm"
    >
      {totals.grants.map((g) => (
        <li key={`${g.kept}${g.grant}`} className={g.kept ? "" : "font-medium text-amber-900"}>
          {countOf(g.objects, "object")}: {g.grant} {g.kept ? "kept" : "dropped"}
        </li>
      ))}
      {totals.grantsUnknown > 0 && (
        <li>
          {countOf(totals.grantsUnknown, "object")}: ACL not readable by the scan; other grants are read
          before the write and restated (a public one stops the fix)
        </li>
      )}
    </ul>
  );
}

type Plan = NonNullable<ReturnType<typeof useFixPlan>["data"]>;

/** The plan's totals: what it fixes, skips, cannot do, writes and costs; and the writers that lose their access. */
function PlanTotals({ totals }: { totals: Plan["totals"] }) {
  return (
    <>
      <p data-testid="plan-totals" className="rounded bg-slate-50 p-3 text-sm">
        {totals.toFix} to fix · {totals.skipped} skipped · {totals.impossible} not possible ·{" "}
        {formatBytes(totals.bytes)} · {totals.requests} requests · about ${totals.estimatedCostUsd.toFixed(6)}{" "}
        · about {totals.estimatedSeconds} s
      </p>
      {totals.ownersLosing.length > 0 && (
        <p
          data-testid="plan-owners-losing"
          className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900"
        >
          The bucket owner ends the owner, so the writers lose the access they had as owners:{" "}
          {totals.ownersLosing.map((o) => `${o.owner} on ${countOf(o.objects, "object")}`).join(", ")}.
        </p>
      )}
    </>
  );
}

/** Each object of the plan (the first 500): what is done to it, by whom, with which requests, or why not. */
function PlanObjects({ objects, truncated }: { objects: Plan["objects"]; truncated: boolean }) {
  return (
    <details className="rounded border border-slate-200 text-sm">
      <summary className="cursor-pointer px-3 py-2 text-slate-700">
        Each object ({truncated ? "the first 500" : objects.length.toLocaleString()})
      </summary>
      {/* A list that scrolls: focusable, so the keyboard can scroll it too. */}
      <ul
        tabIndex={0}
        aria-label="Objects in the plan"
        className="max-h-80 divide-y divide-slate-100 overflow-y-auto rounded border border-slate-200 text-sm"
      >
        {objects.map((o) => (
          <li
            key={`${o.key}\u0000${o.versionId ?? ""}`}
            data-testid="plan-row"
            data-key={o.key}
            className="space-y-1 p-3"
          >
            <div className="flex flex-wrap items-center gap-2">
              <code className="font-mono text-xs">{o.key}</code>
              {o.decision.kind === "fix" ? (
                <Badge tone="info" testId="plan-strategy">
                  {o.decision.strategy}
                  {o.decision.then ? ` then ${o.decision.then}` : ""}
                </Badge>
              ) : (
                <span className="rounded bg-slate-200 px-1.5 text-xs font-semibold">
                  {o.decision.kind === "skip" ? "skipped" : "not possible"}
                </span>
              )}
              {o.actor && <span className="text-xs text-slate-500">by {o.actor}</span>}
            </div>
            {o.decision.kind !== "fix" && <p className="text-xs text-slate-600">{o.decision.reason}</p>}
            {o.decision.kind === "fix" && (
              <p className="text-xs text-slate-500">
                {o.requests.names.join(" → ")}. {o.effects.join("; ").replace(/^./, (c) => c.toUpperCase())}.
              </p>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
