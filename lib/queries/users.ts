import "client-only";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/auth/roles";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { User } from "@/lib/schemas/auth";

/** The users (admins only), and adding, disabling and unlocking them. */
export function useUsers() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: keys.users() });
  const users = useQuery({
    queryKey: keys.users(),
    queryFn: () => fetchJson<{ users: User[] }>("/api/users"),
    select: (d) => d.users,
  });
  const add = useMutation({
    mutationFn: (input: { username: string; role: Role; password: string }) => sendJson("/api/users", input),
    onSuccess: refresh,
  });
  const setDisabled = useMutation({
    mutationFn: (input: { username: string; disabled: boolean }) => sendJson("/api/users/disable", input),
    onSuccess: refresh,
  });
  const unlock = useMutation({
    mutationFn: (username: string) => sendJson("/api/users/unlock", { username }),
  });
  return { users, add, setDisabled, unlock };
}
