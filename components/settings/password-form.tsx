"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { sendJson } from "@/lib/queries/fetch-json";

function PasswordField({
  label,
  autoComplete,
  value,
  set,
}: {
  label: string;
  autoComplete: "current-password" | "new-password";
  value: string;
  set: (value: string) => void;
}) {
  return (
    <Field>
      {label}
      <Input
        required
        type="password"
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </Field>
  );
}

/** One's own password: the current one, then the new one; every other session ends. */
export function PasswordForm() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () => sendJson("/api/auth/password", { current, next }),
    onSuccess: () => {
      setCurrent("");
      setNext("");
    },
  });
  return (
    <form
      aria-label="Change password"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate();
      }}
    >
      <PasswordField
        label="Current password"
        autoComplete="current-password"
        value={current}
        set={setCurrent}
      />
      <PasswordField label="New password" autoComplete="new-password" value={next} set={setNext} />
      <Button type="submit" disabled={change.isPending} variant="secondary">
        Change password
      </Button>
      {change.isSuccess && (
        <p role="status" className="w-full text-sm text-emerald-800">
          Changed: your other sessions are signed out.
        </p>
      )}
      {change.error && (
        <div className="w-full">
          <ErrorPanel message={change.error.message} />
        </div>
      )}
    </form>
  );
}
