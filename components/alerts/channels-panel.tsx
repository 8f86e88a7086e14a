"use client";

import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { ErrorLine, Field, Input, Select } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { formatTimestamp } from "@/lib/format";
import { useChannels, useRemoveChannel, useSaveChannel, useTestChannel } from "@/lib/queries/watch";
import type { ChannelInput } from "@/lib/schemas/alerts";

type Kind = ChannelInput["config"]["kind"];

/** The alert channels: each can be tried with a sample alert; admins add and remove them. */
export function ChannelsPanel({ canOperate, isAdmin }: { canOperate: boolean; isAdmin: boolean }) {
  const channels = useChannels();
  const test = useTestChannel();
  const remove = useRemoveChannel();
  return (
    <section aria-labelledby="channels-heading" className={panelClass}>
      <h2 id="channels-heading" className="text-lg font-semibold">
        Channels
      </h2>
      {channels.error && <ErrorPanel message={channels.error.message} />}
      {channels.data && channels.data.channels.length === 0 && (
        <p className="text-sm text-slate-600">No channels yet.</p>
      )}
      <ul className="space-y-1 text-sm">
        {channels.data?.channels.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center gap-2">
            <span>
              <strong>{c.name}</strong>: {c.description}
            </span>
            {c.failingSince && (
              <Badge tone="danger" wrap>
                failing: {c.failures} attempt{c.failures === 1 ? "" : "s"} in a row since{" "}
                {formatTimestamp(c.failingSince)}
              </Badge>
            )}
            {canOperate && (
              <Button variant="secondary" onClick={() => test.mutate(c.id)} disabled={test.isPending}>
                Send a test
              </Button>
            )}
            {isAdmin && (
              <Button variant="secondary" onClick={() => remove.mutate(c.id)}>
                Remove
              </Button>
            )}
          </li>
        ))}
      </ul>
      {test.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          The test alert was taken.
        </p>
      )}
      <ErrorLine error={test.error ?? remove.error} />
      {isAdmin && <ChannelForm />}
    </section>
  );
}

function ChannelForm() {
  const [kind, setKind] = useState<Kind>("webhook");
  const [values, setValues] = useState<Record<string, string>>({});
  const save = useSaveChannel();
  const value = (name: string) => values[name] ?? "";
  const input = (name: string, label: string, type = "text") => (
    <Field>
      {label}
      <Input
        type={type}
        value={value(name)}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
      />
    </Field>
  );
  const config = (): ChannelInput["config"] =>
    kind === "webhook"
      ? { kind, url: value("url"), secret: value("secret") }
      : kind === "slack"
        ? { kind, url: value("url") }
        : {
            kind,
            host: value("host"),
            port: Number(value("port") || 587),
            tls: (value("tls") || "starttls") as "tls" | "starttls" | "none",
            user: value("user") || undefined,
            password: value("password") || undefined,
            from: value("from"),
            to: value("to")
              .split(/[,\s]+/)
              .filter(Boolean),
          };
  return (
    <form
      className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name: value("name"), config: config() }, { onSuccess: () => setValues({}) });
      }}
    >
      {input("name", "Name")}
      <Field>
        Kind
        <Select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <option value="webhook">Webhook (signed JSON)</option>
          <option value="slack">Slack incoming webhook</option>
          <option value="email">E-mail (SMTP)</option>
        </Select>
      </Field>
      {kind !== "email" && input("url", "URL", "url")}
      {kind === "webhook" && input("secret", "Signing secret (16+ characters)", "password")}
      {kind === "email" && (
        <>
          {input("host", "SMTP host")}
          {input("port", "Port (587)", "number")}
          <Field>
            Security
            <Select
              value={value("tls") || "starttls"}
              onChange={(e) => setValues((v) => ({ ...v, tls: e.target.value }))}
            >
              <option value="starttls">STARTTLS required (587)</option>
              <option value="tls">TLS from the start (465)</option>
              <option value="none">None (a relay on a trusted network)</option>
            </Select>
          </Field>
          {input("user", "User (optional)")}
          {input("password", "Password (never shown again)", "password")}
          {input("from", "From")}
          {input("to", "To (comma-separated)")}
        </>
      )}
      <Button type="submit" variant="primary" disabled={save.isPending}>
        Add channel
      </Button>
      {save.error && (
        <p role="alert" className="w-full text-sm text-red-700">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
