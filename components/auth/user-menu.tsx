"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
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
      <button
        type="button"
        onClick={() => logout.mutate()}
        className="rounded border border-slate-300 px-2 py-0.5 hover:bg-slate-50"
      >
        Sign out
      </button>
    </span>
  );
}
