"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { useInventoryLocation } from "@/lib/queries/connections";
import type { FormEvent } from "react";

/**
 * Where the browser may read S3 Inventory reports from, beside the destinations the buckets' own inventory
 * configurations name (those need no entry here).
 */
export function InventoryLocations({
  connectionId,
  locations,
}: {
  connectionId: string;
  locations: string[];
}) {
  const router = useRouter();
  const change = useInventoryLocation(connectionId);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const location = String(new FormData(form).get("location") ?? "").trim();
    change.mutate(
      { location },
      {
        onSuccess: () => {
          form.reset();
          router.refresh();
        },
      },
    );
  };
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        Scans read reports only from the destination a bucket&apos;s inventory configuration names, or from a
        location allowed here (for example a copy of the reports, or storage without S3 Inventory of its own).
      </p>
      {locations.length > 0 && (
        <ul className={`${boxClass} divide-y divide-slate-100 text-sm`}>
          {locations.map((location) => (
            <li
              key={location}
              data-testid="inventory-location"
              className="flex items-center justify-between px-3 py-2"
            >
              <span className="font-mono text-xs">{location}</span>
              <Button
                variant="danger-link"
                size="sm"
                onClick={() =>
                  change.mutate({ location, remove: true }, { onSuccess: () => router.refresh() })
                }
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={submit}
        aria-label="Inventory report location"
        className={`${boxClass} flex flex-wrap items-end gap-3 p-4`}
      >
        <Field className="grow">
          Allowed report location
          <Input
            name="location"
            required
            placeholder="s3://central-reports/inventory/"
            className="font-mono"
          />
        </Field>
        <Button type="submit" disabled={change.isPending} variant="primary">
          Allow location
        </Button>
      </form>
      {change.error && <ErrorPanel message={change.error.message} />}
    </div>
  );
}
