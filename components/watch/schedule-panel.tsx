"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorLine, Field, NumberField, Select } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { Table, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import type { PanelProps } from "@/components/watch/panel-props";
import { useRemoveSchedule, useSaveSchedule } from "@/lib/queries/watch";
import { everyHoursProblem } from "@/lib/watch/schedule-hours";

/** A rescan every N hours (events can be missed; a scan cannot), and what each run changed. */
export function SchedulePanel({ connectionId, bucket, view, canOperate }: PanelProps) {
  const [hours, setHours] = useState(String(view.schedule?.everyHours ?? 24));
  const [mode, setMode] = useState<"fast" | "full">(view.schedule?.mode ?? "fast");
  const save = useSaveSchedule(connectionId, bucket);
  const remove = useRemoveSchedule(connectionId, bucket);
  const error = save.error ?? remove.error;
  const problem = hours.trim() === "" ? null : everyHoursProblem(Number(hours));
  return (
    <section aria-labelledby="schedule-heading" className={panelClass}>
      <h2 id="schedule-heading" className="text-lg font-semibold">
        Scheduled rescans
      </h2>
      <p className="text-sm text-slate-700">
        {view.schedule ? (
          <>
            Every {view.schedule.everyHours} h ({view.schedule.mode}); next{" "}
            <Time at={view.schedule.nextRunAt} />.
          </>
        ) : (
          "No schedule."
        )}
      </p>
      {canOperate && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) save.mutate({ everyHours: Number(hours), mode });
          }}
        >
          <NumberField label="Every (hours)" value={hours} onChange={setHours} decimal />
          <Field>
            Mode
            <Select value={mode} onChange={(e) => setMode(e.target.value as "fast" | "full")}>
              <option value="fast">fast</option>
              <option value="full">full</option>
            </Select>
          </Field>
          <Button type="submit" variant="primary" disabled={save.isPending || problem !== null}>
            Save schedule
          </Button>
          {view.schedule && (
            <Button variant="secondary" onClick={() => remove.mutate(undefined)}>
              Remove
            </Button>
          )}
        </form>
      )}
      {problem && (
        <p role="alert" data-testid="schedule-problem" className="text-sm text-red-700">
          {problem}
        </p>
      )}
      <ErrorLine error={error} />
      {view.runs.length > 0 && (
        <Table>
          <TableHead labels={["Started", "Scan", "New foreign", "Fixed", "Gone"]} />
          <tbody>
            {view.runs.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <td className="px-3 py-1">
                  <Time at={r.startedAt} />
                </td>
                <td className="px-3 py-1">{r.scanId ? `${r.scanId} (${r.status})` : (r.error ?? "—")}</td>
                <td className="px-3 py-1">{r.diff?.new ?? "—"}</td>
                <td className="px-3 py-1">{r.diff?.fixed ?? "—"}</td>
                <td className="px-3 py-1">{r.diff?.gone ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
