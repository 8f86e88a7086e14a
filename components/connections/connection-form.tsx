"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Check, Field, Input } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { useSaveConnection } from "@/lib/queries/connections";
import type { Connection } from "@/lib/schemas/connection";

type Field = { name: keyof Connection; label: string; hint?: string; placeholder?: string };

const fields: Field[] = [
  { name: "name", label: "Name", placeholder: "Production logs" },
  {
    name: "profile",
    label: "AWS profile",
    hint: "From this server's AWS config; empty for the default chain.",
  },
  {
    name: "roleArn",
    label: "Read role ARN",
    hint: "Assumed on top of the profile; empty to use the profile itself.",
  },
  { name: "externalId", label: "External ID", hint: "Only if the role's trust policy requires one." },
  { name: "sessionName", label: "Session name", placeholder: "ownerscope" },
  { name: "region", label: "Region", placeholder: "us-east-1" },
  { name: "endpointUrl", label: "Endpoint URL", hint: "Only for S3-compatible storage (Ceph, MinIO)." },
  {
    name: "stsEndpointUrl",
    label: "STS endpoint URL",
    hint: "Where roles are assumed; empty for AWS STS. Storage that serves STS too (Ceph): its endpoint URL.",
  },
  { name: "ownerProfile", label: "Bucket owner's write profile", hint: "Used to take ownership by copying." },
  { name: "ownerRoleArn", label: "Bucket owner's write role ARN" },
];

const blankToNull = (v: FormDataEntryValue | null) => {
  const text = typeof v === "string" ? v.trim() : "";
  return text === "" ? null : text;
};

/** Add a connection, or edit one: every field the read identity needs, checked by the server's schema. */
export function ConnectionForm({ existing }: { existing: Connection | null }) {
  const router = useRouter();
  const save = useSaveConnection(existing?.id ?? null);
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      id: existing?.id ?? String(form.get("id") ?? "").trim(),
      name: String(form.get("name") ?? "").trim(),
      profile: blankToNull(form.get("profile")),
      roleArn: blankToNull(form.get("roleArn")),
      externalId: blankToNull(form.get("externalId")),
      sessionName: blankToNull(form.get("sessionName")),
      region: blankToNull(form.get("region")) ?? "us-east-1",
      endpointUrl: blankToNull(form.get("endpointUrl")),
      stsEndpointUrl: blankToNull(form.get("stsEndpointUrl")),
      forcePathStyle: form.get("forcePathStyle") === "on",
      ownerProfile: blankToNull(form.get("ownerProfile")),
      ownerRoleArn: blankToNull(form.get("ownerRoleArn")),
    };
    setSaved(false);
    save.mutate(input, {
      onSuccess: (c) => {
        setSaved(true);
        if (!existing) router.push(`/connections/${encodeURIComponent(c.id)}/settings`);
        else router.refresh();
      },
    });
  };
  return (
    <form onSubmit={submit} className={panelClass} aria-label="Connection">
      <div className="grid gap-3 sm:grid-cols-2">
        {!existing && (
          <Field>
            Connection ID
            <Input name="id" required pattern="[a-z0-9][a-z0-9-]{0,62}" placeholder="prod-logs" />
            <span className="mt-0.5 text-xs font-normal text-slate-500">
              Lower-case letters, digits and dashes; it appears in URLs.
            </span>
          </Field>
        )}
        {fields.map((f) => (
          <Field key={f.name}>
            {f.label}
            <Input
              name={f.name}
              defaultValue={
                (existing?.[f.name] as string | null | undefined) ?? (f.name === "region" ? "us-east-1" : "")
              }
              placeholder={f.placeholder}
              required={f.name === "name"}
            />
            {f.hint && <span className="mt-0.5 text-xs font-normal text-slate-500">{f.hint}</span>}
          </Field>
        ))}
        <label className="flex items-center gap-2 text-sm font-medium">
          <Check type="checkbox" name="forcePathStyle" defaultChecked={existing?.forcePathStyle ?? false} />
          Path-style addressing
        </label>
      </div>
      {save.error && <ErrorPanel message={save.error.message} />}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={save.isPending} variant="primary">
          {save.isPending ? "Saving…" : existing ? "Save changes" : "Add connection"}
        </Button>
        {saved && existing && (
          <span role="status" className="text-sm text-emerald-700">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
