import "client-only";
import { useMutation } from "@tanstack/react-query";
import { sendJson } from "@/lib/queries/fetch-json";

/** Records (or forgets, with null) the date a writer's team changed its setting. */
export const useNoteWriterChange = (connectionId: string, bucket: string) =>
  useMutation({
    mutationFn: (input: { writerId: string; changedAt: string | null }) =>
      sendJson<{ writerId: string; changedAt: string | null }>(
        `/api/connections/${encodeURIComponent(connectionId)}/buckets/${encodeURIComponent(bucket)}/writers/changes`,
        input,
      ),
  });
