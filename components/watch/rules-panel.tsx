"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorLine, Field, NumberField, Select } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import type { PanelProps } from "@/components/watch/panel-props";
import { useAddRule, useRemoveRule } from "@/lib/queries/watch";

/** Who hears about new foreign objects here: a channel, from any account or one, at once or as a digest. */
export function RulesPanel({ connectionId, bucket, view, canOperate }: PanelProps) {
  const [channelId, setChannelId] = useState("");
  const [accountId, setAccountId] = useState("");
  const [threshold, setThreshold] = useState("1");
  const [digest, setDigest] = useState("");
  const add = useAddRule(connectionId, bucket);
  const remove = useRemoveRule(connectionId, bucket);
  const channelName = Object.fromEntries(view.channels.map((c) => [c.id, `${c.name} (${c.kind})`]));
  const accountName = Object.fromEntries(view.accounts.map((a) => [a.canonicalId, a.name]));
  const error = add.error ?? remove.error;
  return (
    <section aria-labelledby="rules-heading" className={panelClass}>
      <h2 id="rules-heading" className="text-lg font-semibold">
        Alerts
      </h2>
      {view.rules.length === 0 ? (
        <p className="text-sm text-slate-600">No alert rules for this bucket.</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {view.rules.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center gap-2">
              <span>
                {r.accountId ? (accountName[r.accountId] ?? r.accountId) : "Any account"}: {r.threshold}+ new
                → {channelName[r.channelId] ?? `channel ${r.channelId}`},{" "}
                {r.digestMinutes ? `digest every ${r.digestMinutes} min` : "at once"}
              </span>
              {canOperate && (
                <Button variant="secondary" onClick={() => remove.mutate(r.id)}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canOperate && view.channels.length === 0 && (
        <p className="text-sm text-slate-600">
          No alert channels yet: an admin adds them on the{" "}
          <Link href="/alerts" className="text-sky-700 underline">
            alerts page
          </Link>
          .
        </p>
      )}
      {canOperate && view.channels.length > 0 && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate({
              channelId: Number(channelId || view.channels[0]!.id),
              accountId: accountId || null,
              threshold: Number(threshold),
              digestMinutes: digest ? Number(digest) : null,
            });
          }}
        >
          <Field>
            Channel
            <Select value={channelId} onChange={(e) => setChannelId(e.target.value)}>
              {view.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.kind})
                </option>
              ))}
            </Select>
          </Field>
          <Field>
            From
            <Select value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              <option value="">any account</option>
              {view.accounts.map((a) => (
                <option key={a.canonicalId} value={a.canonicalId}>
                  {a.name}
                </option>
              ))}
            </Select>
          </Field>
          <NumberField label="At least" value={threshold} onChange={setThreshold} width="w-20" />
          <NumberField label="Digest (minutes, empty: at once)" value={digest} onChange={setDigest} />
          <Button type="submit" variant="primary" disabled={add.isPending}>
            Add rule
          </Button>
        </form>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
