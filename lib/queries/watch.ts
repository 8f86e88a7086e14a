import "client-only";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJson, sendJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { alertRuleInputSchema, ChannelInput } from "@/lib/schemas/alerts";
import type {
  AlertRule,
  AlertsHistory,
  ChannelDto,
  fixByRuleSchema,
  FixByRuleResult,
  rotateSecretSchema,
  Schedule,
  scheduleSchema,
  SetUpResult,
  setupSchema,
  WatchView,
} from "@/lib/schemas/watch";
import type { z } from "zod";

const base = (connectionId: string, bucket: string) =>
  `/api/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(bucket)}/watch`;

/** The watch page's data, read again every two seconds: a live finding shows without a reload. */
export const useWatchView = (
  connectionId: string,
  bucket: string,
  owner: string | null,
  before: number | null,
) =>
  useQuery({
    queryKey: [...keys.watch(connectionId, bucket), owner, before],
    queryFn: () => {
      const q = new URLSearchParams();
      if (owner) q.set("owner", owner);
      if (before) q.set("before", String(before));
      return fetchJson<WatchView>(`${base(connectionId, bucket)}?${q}`);
    },
    refetchInterval: 2_000,
    placeholderData: keepPreviousData,
  });

function useWatchMutation<I, O>(
  connectionId: string,
  bucket: string,
  path: string,
  method: "POST" | "PUT" | "DELETE" = "POST",
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: I) => sendJson<O>(`${base(connectionId, bucket)}${path}`, input, method),
    onSettled: () => client.invalidateQueries({ queryKey: keys.watch(connectionId, bucket) }),
  });
}

export const useSetUpWatch = (connectionId: string, bucket: string) =>
  useWatchMutation<z.input<typeof setupSchema>, SetUpResult>(connectionId, bucket, "");

export const useRetryFailed = (connectionId: string, bucket: string) =>
  useWatchMutation<undefined, { requeued: number }>(connectionId, bucket, "/retry-failed");

export const useRotateSecret = (connectionId: string, bucket: string) =>
  useWatchMutation<z.input<typeof rotateSecretSchema>, { oldExpiresAt: string; next: string }>(
    connectionId,
    bucket,
    "/secret",
  );

export const useStopWatching = (connectionId: string, bucket: string) =>
  useWatchMutation<undefined, { unwatched: string }>(connectionId, bucket, "", "DELETE");

export const useSaveSchedule = (connectionId: string, bucket: string) =>
  useWatchMutation<z.input<typeof scheduleSchema>, Schedule>(connectionId, bucket, "/schedule", "PUT");

export const useRemoveSchedule = (connectionId: string, bucket: string) =>
  useWatchMutation<undefined, { removed: string }>(connectionId, bucket, "/schedule", "DELETE");

export const useAddRule = (connectionId: string, bucket: string) =>
  useWatchMutation<z.input<typeof alertRuleInputSchema>, AlertRule>(connectionId, bucket, "/rules");

export function useRemoveRule(connectionId: string, bucket: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ruleId: number) =>
      sendJson<{ removed: number }>(`${base(connectionId, bucket)}/rules/${ruleId}`, undefined, "DELETE"),
    onSettled: () => client.invalidateQueries({ queryKey: keys.watch(connectionId, bucket) }),
  });
}

export const useFixByRule = (connectionId: string, bucket: string) =>
  useWatchMutation<z.input<typeof fixByRuleSchema>, FixByRuleResult>(
    connectionId,
    bucket,
    "/fix-by-rule",
    "PUT",
  );

export const useAlerts = (failed: boolean) =>
  useQuery({
    queryKey: [...keys.alerts(), "history", failed],
    queryFn: () => fetchJson<AlertsHistory>(`/api/alerts?failed=${failed ? "1" : "0"}`),
    refetchInterval: 5_000,
  });

export const useChannels = () =>
  useQuery({
    queryKey: [...keys.alerts(), "channels"],
    queryFn: () => fetchJson<{ channels: ChannelDto[] }>("/api/alerts/channels"),
  });

function useAlertsMutation<I, O>(send: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => client.invalidateQueries({ queryKey: keys.alerts() }),
  });
}

export const useSaveChannel = () =>
  useAlertsMutation((input: ChannelInput) => sendJson<ChannelDto>("/api/alerts/channels", input));
export const useRemoveChannel = () =>
  useAlertsMutation((id: number) =>
    sendJson<{ removed: number }>(`/api/alerts/channels/${id}`, undefined, "DELETE"),
  );
export const useTestChannel = () =>
  useAlertsMutation((id: number) => sendJson<{ sent: boolean }>(`/api/alerts/channels/${id}/test`));
export const useResend = () =>
  useAlertsMutation((id: number) => sendJson<{ resent: number }>(`/api/alerts/deliveries/${id}/resend`));
