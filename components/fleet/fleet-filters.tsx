import { Field, Select } from "@/components/ui/field";
import type { FleetChoices } from "@/lib/fleet/view";
import type { FleetViewQuery } from "@/lib/schemas/fleet";

type Name = "ou" | "account" | "tag" | "region";

/** The fleet view's filters by OU, account, tag and Region; each change goes to the URL (FleetExplorer). */
export function FleetFilters({
  choices,
  query,
  onChange,
}: {
  choices: FleetChoices;
  query: FleetViewQuery;
  onChange: (name: Name, value: string) => void;
}) {
  const filter = (name: Name, label: string, options: { value: string; label: string }[]) => (
    <Field size="sm">
      {label}
      <Select
        name={name}
        aria-label={label}
        value={query[name]}
        onChange={(e) => onChange(name, e.target.value)}
        className="min-w-36"
      >
        <option value="">All</option>
        {/* A value from a shared link that this fleet does not have stays shown, so the view says what it filters. */}
        {query[name] && !options.some((o) => o.value === query[name]) && (
          <option value={query[name]}>{query[name]}</option>
        )}
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
    </form>
  );
}
