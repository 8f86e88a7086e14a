"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorLine, Field, Select } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import type { PanelProps } from "@/components/watch/panel-props";
import { useRotateSecret, useSetUpWatch, useStopWatching } from "@/lib/queries/watch";
import { watchSources, type WatchSourceKind } from "@/lib/watch/setup-plan";

const sourceNames: Record<WatchSourceKind, string> = {
  gateway: "Ceph gateway topic (push)",
  sns: "S3 → SNS → HTTPS",
  eventbridge: "EventBridge API destination",
  sqs: "SQS queue (Ownerscope polls)",
};

/** The feed into the intake: what to configure (JSON and aws commands), or, on the gateway, configured for you. */
export function SetupPanel({ connectionId, bucket, view, canOperate }: PanelProps) {
  const [kind, setKind] = useState<WatchSourceKind>((view.watch?.source as WatchSourceKind) ?? "gateway");
  const setup = useSetUpWatch(connectionId, bucket);
  const stop = useStopWatching(connectionId, bucket);
  const rotate = useRotateSecret(connectionId, bucket);
  const plan = setup.data?.plan;
  return (
    <section aria-labelledby="setup-heading" className={panelClass}>
      <h2 id="setup-heading" className="text-lg font-semibold">
        Event feed
      </h2>
      {view.watch && (
        <p className="text-sm text-slate-700">
          Events arrive at <code className="break-all">{view.watch.intakeUrl}</code>
          {view.watch.applied.length > 0 && <> (Ownerscope wrote: {view.watch.applied.join("; ")})</>}.
        </p>
      )}
      {canOperate ? (
        <div className="flex flex-wrap items-end gap-2">
          <Field>
            Feed
            <Select value={kind} onChange={(e) => setKind(e.target.value as WatchSourceKind)}>
              {watchSources.map((s) => (
                <option key={s} value={s}>
                  {sourceNames[s]}
                </option>
              ))}
            </Select>
          </Field>
          {kind === "gateway" && (
            <Button
              variant="primary"
              disabled={setup.isPending}
              onClick={() => setup.mutate({ kind, apply: true, watch: true })}
            >
              Set up on the gateway
            </Button>
          )}
          {!view.watch && (
            <Button
              variant="secondary"
              disabled={setup.isPending}
              onClick={() => setup.mutate({ kind, apply: false, watch: true })}
            >
              Watch, and show the setup
            </Button>
          )}
          <Button
            variant="secondary"
            disabled={setup.isPending}
            onClick={() => setup.mutate({ kind, apply: false, watch: false })}
          >
            Show the setup
          </Button>
          {view.watch && (
            <Button
              variant="secondary"
              disabled={rotate.isPending}
              onClick={() => rotate.mutate({ graceHours: 24 })}
            >
              Rotate the secret
            </Button>
          )}
          {view.watch && (
            <Button variant="secondary" disabled={stop.isPending} onClick={() => stop.mutate(undefined)}>
              Stop watching
            </Button>
          )}
        </div>
      ) : (
        <p className="text-sm text-slate-600">An admin sets up the feed.</p>
      )}
      <ErrorLine error={setup.error ?? rotate.error} />
      {rotate.data && (
        <p role="status" className="text-sm text-emerald-800">
          A new secret is in place; the old one works until {rotate.data.oldExpiresAt}. {rotate.data.next}
        </p>
      )}
      {setup.data && setup.data.applied.length > 0 && (
        <p role="status" className="text-sm text-emerald-800">
          Written: {setup.data.applied.join("; ")}.
        </p>
      )}
      {plan && (
        <div className="space-y-2">
          <ul className="list-disc pl-5 text-sm text-slate-700">
            {plan.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <CopyBlock
            label="Commands (run as the bucket owner; they hold the intake's secret)"
            code={plan.commands.join("\n")}
          />
          <CopyBlock label="Notification configuration" code={JSON.stringify(plan.notification, null, 2)} />
        </div>
      )}
    </section>
  );
}
