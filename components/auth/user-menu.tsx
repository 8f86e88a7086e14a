"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { fetchJson } from "@/lib/queries/fetch-json";

export function UserMenu({ username, role }: { username: string; role: string }) {
  const router = useRouter();
  const logout = useMutation({
    mutationFn: () => fetchJson("/api/auth/logout", { method: "POST" }),
    onSuccess: () => {
      router.replace("/login");
      router.refresh();
    },
  });
  return (
    <span className="ml-auto flex items-center gap-3 text-sm">
      <span data-testid="current-user">
        {username} <span className="text-slate-500">({role})</span>
      </span>
      <Button onClick={() => logout.mutate()} variant="secondary" size="sm">
        Sign out
      </Button>
    </span>
  );
}
