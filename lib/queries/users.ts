import "client-only";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { disableSchema, newUserSchema, User } from "@/lib/schemas/auth";
import type { z } from "zod";

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
    mutationFn: (input: z.input<typeof newUserSchema>) => sendJson<{ user: User }>("/api/users", input),
    onSuccess: refresh,
  });
  const setDisabled = useMutation({
    mutationFn: (input: z.input<typeof disableSchema>) =>
      sendJson<{ user: User }>("/api/users/disable", input),
    onSuccess: refresh,
  });
  const unlock = useMutation({
    mutationFn: (username: string) => sendJson<{ cleared: number }>("/api/users/unlock", { username }),
  });
  return { users, add, setDisabled, unlock };
}
