"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Check } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { countOf } from "@/lib/format";
import {
  changedAndNotRolledBack,
  cutoverSteps,
  enforceHold,
  rollbackSteps,
  stepTitles,
  type CutoverStep,
  type StepState,
} from "@/lib/migrate/steps";
import { impactInWords } from "@/lib/migrate/summary";
import { snapshotHref, useRollback, useRunStep, useTakeSnapshot } from "@/lib/queries/acl-migration";
import type { MigrationPlanDto, MigrationView } from "@/lib/schemas/migration";

const stateStyle: Record<StepState["state"] | "rolled back", string> = {
  done: "text-emerald-700",
  skipped: "text-slate-600",
  stopped: "text-amber-800",
  failed: "text-red-700",
  "rolled back": "text-slate-600",
};

/** "Confirm: reset the bucket ACL to private": the step's title as the second click says it. */
const confirmLabel = (title: string) => `Confirm: ${title[0]!.toLowerCase()}${title.slice(1)}`;

/** The snapshot, then the cutover one confirmed step at a time, and the rollback; each read back and audited. */
export function CutoverSteps({
  connectionId,
  bucket,
  plan,
  canOperate,
  planLoading,
}: {
  connectionId: string;
  bucket: string;
  plan: MigrationPlanDto;
  canOperate: boolean;
  /** The plan shown is the previous one while another loads: no snapshot is taken from it. */
  planLoading: boolean;
}) {
  const snapshot = useTakeSnapshot(connectionId, bucket);
  const step = useRunStep(connectionId, bucket);
  const rollback = useRollback(connectionId, bucket);
  const [confirming, setConfirming] = useState<CutoverStep | "rollback" | null>(null);
  const [acceptBreakers, setAcceptBreakers] = useState(false);
  const [publicChosen, setPublicChosen] = useState(false);
  // Statements open to anyone (public grants translated by choice) need that choice confirmed once more here.
  const publicStatements = plan.translation?.statements.filter((st) => st.Principal === "*").length ?? 0;
  const m = plan.migration;
  const rolledBack = m ? rollbackSteps.some((r) => m.steps[r]) : false;
  const error = snapshot.error ?? step.error ?? rollback.error;

  return (
    <section aria-labelledby="cutover" className="space-y-3">
      <h2 id="cutover" className="text-lg font-semibold">
        Snapshot and cutover
      </h2>
      {error && <ErrorPanel message={error.message} />}
      {m ? (
        <SnapshotSummary connectionId={connectionId} bucket={bucket} m={m} />
      ) : (
        <p className="text-sm text-slate-600">
          No snapshot yet. The snapshot keeps the policy, the bucket ACL, Object Ownership and every
          object&apos;s owner and grants from scan {plan.scan.id}: what the cutover acts on and a rollback
          restores.
        </p>
      )}
      {canOperate && (!m || !changedAndNotRolledBack(m.steps)) && (
        <div className="space-y-2 text-sm">
          {publicStatements > 0 && (
            <label className="flex items-center gap-2 text-amber-900">
              <Check
                type="checkbox"
                checked={publicChosen}
                onChange={(e) => setPublicChosen(e.target.checked)}
              />
              The policy will let anyone read what public ACL grants allow today ({publicStatements} statement
              {publicStatements === 1 ? "" : "s"}): I choose that
            </label>
          )}
          <Button
            disabled={
              planLoading ||
              snapshot.isPending ||
              !plan.translation?.fits ||
              (publicStatements > 0 && !publicChosen)
            }
            onClick={() => snapshot.mutate({ includePublic: plan.includePublic })}
            variant="primary"
          >
            {snapshot.isPending ? "Taking the snapshot…" : m ? "Take a new snapshot" : "Take the snapshot"}
          </Button>
        </div>
      )}
      {m && (
        <ol data-testid="cutover-steps" className="space-y-2">
          {cutoverSteps.map((name, i) => (
            <StepItem
              key={name}
              name={name}
              index={i}
              plan={plan}
              m={m}
              rolledBack={rolledBack}
              canOperate={canOperate}
              confirming={confirming === name}
              onConfirming={(on) => setConfirming(on ? name : null)}
              acceptBreakers={acceptBreakers}
              onAcceptBreakers={setAcceptBreakers}
              step={step}
            />
          ))}
        </ol>
      )}
      {m && canOperate && (
        <RollbackControls
          snapshot={m.id}
          confirming={confirming === "rollback"}
          onConfirming={(on) => setConfirming(on ? "rollback" : null)}
          rollback={rollback}
        />
      )}
    </section>
  );
}

function SnapshotSummary({
  connectionId,
  bucket,
  m,
}: {
  connectionId: string;
  bucket: string;
  m: MigrationView;
}) {
  return (
    <div data-testid="snapshot" className={`${boxClass} p-3 text-sm`}>
      <p>
        Snapshot #{m.id} of scan {m.scanId ?? "?"}, taken {m.createdAt.slice(0, 16).replace("T", " ")} by{" "}
        {m.createdBy}.{" "}
        <a href={snapshotHref(connectionId, bucket, m.id)} download className="text-sky-700 hover:underline">
          Download JSONL
        </a>
      </p>
      <p data-testid="rollback-preview" className="mt-1 text-slate-700">
        Re-enabling ACLs returns {countOf(m.rollback.objectsReturned, "object")} to their writers
        {m.rollback.writers.length > 0 &&
          ` (${m.rollback.writers.map((w) => `${w.ownerId}: ${w.objects}`).join(", ")})`}
        {m.rollback.grants.length > 0
          ? ` and restores these grants: ${m.rollback.grants.map((g) => `${g.grantee.split("/").pop()} ${g.permission} on ${g.objects}`).join(", ")}.`
          : "."}
      </p>
    </div>
  );
}

/** The second click of a change to the bucket, and the way out of it. */
function ConfirmButtons({
  label,
  pending,
  disabled = false,
  onConfirm,
  onCancel,
}: {
  label: string;
  pending: string | null;
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-2">
      <Button disabled={pending !== null || disabled} onClick={onConfirm} variant="danger">
        {pending ?? label}
      </Button>
      <Button onClick={onCancel} variant="secondary">
        Cancel
      </Button>
    </div>
  );
}

/** One step of the cutover: its state and message, and (when it is next) its run with a second, worded click. */
function StepItem({
  name,
  index,
  plan,
  m,
  rolledBack,
  canOperate,
  confirming,
  onConfirming,
  acceptBreakers,
  onAcceptBreakers,
  step,
}: {
  name: CutoverStep;
  index: number;
  plan: MigrationPlanDto;
  m: NonNullable<MigrationPlanDto["migration"]>;
  rolledBack: boolean;
  canOperate: boolean;
  confirming: boolean;
  onConfirming: (on: boolean) => void;
  acceptBreakers: boolean;
  onAcceptBreakers: (accept: boolean) => void;
  step: ReturnType<typeof useRunStep>;
}) {
  const s = m.steps[name];
  const isNext = m.next === name;
  // After a rollback the bucket is as the snapshot found it: a step once done is undone, not "done".
  const shown = s && rolledBack && s.state === "done" ? "rolled back" : s?.state;
  // The choice to break people is asked for whenever the report lists any, even where the endpoint
  // cannot enforce (the server stops that step anyway): the confirmation says what it would do.
  const hold =
    name === "enforce"
      ? enforceHold(plan.readiness.items, { ...plan.objectOwnership, confirmed: true }, false)
      : null;
  return (
    <li
      data-testid="cutover-step"
      data-step={name}
      data-state={shown ?? (isNext ? "next" : "waiting")}
      className={`${boxClass} p-3 text-sm`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium">
          {index + 1}. {stepTitles[name]}
        </span>
        {shown && <span className={stateStyle[shown]}>{shown}</span>}
        {canOperate && isNext && !confirming && (
          <Button onClick={() => onConfirming(true)} variant="secondary">
            Run this step…
          </Button>
        )}
      </div>
      {s && (
        <p className="mt-1 text-slate-600">
          {s.message}
          {shown === "rolled back" && " The rollback put the snapshot's setting back since."}
        </p>
      )}
      {confirming && (
        <div
          role="group"
          aria-label={`Confirm: ${stepTitles[name]}`}
          className="mt-2 space-y-2 rounded bg-slate-50 p-2"
        >
          {hold && (
            // The choice is made here, in the step's own confirmation, with the count in sight.
            <label data-testid="accept-breakers" className="flex items-start gap-2 text-amber-900">
              <Check
                type="checkbox"
                checked={acceptBreakers}
                onChange={(e) => onAcceptBreakers(e.target.checked)}
                className="mt-1"
              />
              <span>
                {impactInWords(plan.readiness)} Enforce anyway: those left out lose access or are refused.
              </span>
            </label>
          )}
          <ConfirmButtons
            label={confirmLabel(stepTitles[name])}
            disabled={hold !== null && !acceptBreakers}
            pending={step.isPending ? "Running…" : null}
            onConfirm={() =>
              step.mutate(
                { snapshot: m.id, step: name, confirm: true, acceptBreakers },
                { onSettled: () => onConfirming(false) },
              )
            }
            onCancel={() => onConfirming(false)}
          />
        </div>
      )}
    </li>
  );
}

/** Puts the snapshot's settings back, after a second, worded click; then what each rollback step did. */
function RollbackControls({
  snapshot,
  confirming,
  onConfirming,
  rollback,
}: {
  snapshot: number;
  confirming: boolean;
  onConfirming: (on: boolean) => void;
  rollback: ReturnType<typeof useRollback>;
}) {
  return (
    <div className="space-y-2 text-sm">
      {confirming ? (
        <div role="group" aria-label="Confirm the rollback">
          <ConfirmButtons
            label="Confirm: put the snapshot's settings back"
            pending={rollback.isPending ? "Rolling back…" : null}
            onConfirm={() =>
              rollback.mutate({ snapshot, confirm: true }, { onSettled: () => onConfirming(false) })
            }
            onCancel={() => onConfirming(false)}
          />
        </div>
      ) : (
        <Button onClick={() => onConfirming(true)} variant="secondary">
          Roll back…
        </Button>
      )}
      {rollback.data && (
        <ul data-testid="rollback-result" className="space-y-1">
          {rollback.data.steps.map((s) => (
            <li key={s.step}>
              <span className={stateStyle[s.state]}>{s.state}</span> {stepTitles[s.step]}: {s.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
