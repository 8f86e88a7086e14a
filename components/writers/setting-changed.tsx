"use client";

import { useRouter } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { Time } from "@/components/ui/time";
import { useNoteWriterChange } from "@/lib/queries/writers";
import type { Stopped, StoppedState } from "@/lib/writers/stopped";

const states: Record<StoppedState, { tone: BadgeTone; label: string }> = {
  "still-writing": { tone: "danger", label: "still writing without the ACL" },
  stopped: { tone: "success", label: "stopped" },
  "not-seen-yet": { tone: "neutral", label: "no write seen since" },
};

/**
 * Whether the writer stopped since its team changed the setting: the date an operator recorded, what the logs, the
 * newest scan and the live record saw since, and (operators) the form that records or forgets the date.
 */
export function SettingChanged({
  connectionId,
  bucket,
  writerId,
  stopped,
  canOperate,
}: {
  connectionId: string;
  bucket: string;
  writerId: string;
  stopped: Stopped | null;
  canOperate: boolean;
}) {
  const router = useRouter();
  const note = useNoteWriterChange(connectionId, bucket);
  const save = (changedAt: string | null) =>
    note.mutate({ writerId, changedAt }, { onSuccess: () => router.refresh() });
  return (
    <div className="space-y-2 text-sm" data-testid="writer-stopped" data-state={stopped?.state ?? "none"}>
      {stopped && (
        <div className="space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            Setting changed <Time at={stopped.changedAt} />:
            <Badge tone={states[stopped.state].tone}>{states[stopped.state].label}</Badge>
          </p>
          <ul className="list-disc pl-5 text-xs text-slate-600">
            {stopped.evidence.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      {canOperate && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            // Read from the form, not kept in state: a date typed before the page is interactive still counts.
            const day = new FormData(e.currentTarget).get("changedOn");
            if (typeof day === "string" && day) save(day);
          }}
        >
          <Field size="sm">
            The team changed the setting on
            <Input
              type="date"
              name="changedOn"
              required
              defaultValue={stopped?.changedAt.slice(0, 10) ?? ""}
            />
          </Field>
          <Button type="submit" size="sm" disabled={note.isPending}>
            {stopped ? "Change the date" : "Record the date"}
          </Button>
          {stopped && (
            <Button size="sm" variant="link" disabled={note.isPending} onClick={() => save(null)}>
              Forget it
            </Button>
          )}
        </form>
      )}
      {note.error && <ErrorPanel message={note.error.message} />}
    </div>
  );
}
