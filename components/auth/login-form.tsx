"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { panelClass } from "@/components/ui/panel";
import { safeNextTarget } from "@/lib/auth/next-target";
import { fetchJson } from "@/lib/queries/fetch-json";

export function LoginForm({ next, bootstrap }: { next: string; bootstrap: boolean }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [token, setToken] = useState("");
  const login = useMutation({
    mutationFn: () =>
      fetchJson(bootstrap ? "/api/auth/bootstrap" : "/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(bootstrap ? { token, username, password } : { username, password }),
      }),
    // A full navigation, so that server components render with the new session.
    onSuccess: () => window.location.assign(safeNextTarget(next)),
  });
  return (
    <form
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        login.mutate();
      }}
    >
      {bootstrap && (
        <Field>
          Bootstrap token
          <Input type="password" value={token} onChange={(e) => setToken(e.target.value)} />
        </Field>
      )}
      <Field>
        Username
        <Input autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </Field>
      <Field>
        Password
        <Input
          type="password"
          autoComplete={bootstrap ? "new-password" : "current-password"}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      {login.error && <ErrorPanel message={login.error.message} />}
      <Button type="submit" disabled={login.isPending} variant="primary" className="w-full">
        {bootstrap ? "Create admin" : "Sign in"}
      </Button>
    </form>
  );
}
