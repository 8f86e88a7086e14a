"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTransition } from "react";
import { Field, Select } from "@/components/ui/field";
import type { FleetChoices } from "@/lib/fleet/view";

/** The fleet view's filters: each is a URL parameter, so a filtered view is a link to share. */
export function FleetFilters({ choices }: { choices: FleetChoices }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    next.delete("show");
    startTransition(() => router.replace(`${pathname}?${next.toString()}`, { scroll: false }));
  };
  const filter = (name: string, label: string, options: { value: string; label: string }[]) => (
    <Field size="sm">
      {label}
      <Select
        name={name}
        aria-label={label}
        value={params.get(name) ?? ""}
        onChange={(e) => set(name, e.target.value)}
        className="min-w-36"
      >
        <option value="">All</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
  return (
    <form
      aria-label="Filter the fleet"
      aria-busy={pending}
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => e.preventDefault()}
    >
      {filter(
        "ou",
        "OU",
        choices.ous.map((o) => ({ value: o, label: o })),
      )}
      {filter(
        "account",
        "Account",
        choices.accounts.map((a) => ({ value: a.id, label: `${a.name} (${a.id})` })),
      )}
      {filter(
        "tag",
        "Tag",
        choices.tags.map((t) => ({ value: t, label: t })),
      )}
      {filter(
        "region",
        "Region",
        choices.regions.map((r) => ({ value: r, label: r })),
      )}
      {pending && <span className="pb-2 text-xs text-slate-500">updating…</span>}
    </form>
  );
}
