import "client-only";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/queries/fetch-json";
import { keys } from "@/lib/queries/keys";
import type { ObjectListingDto } from "@/lib/schemas/listing";

const enc = encodeURIComponent;

const objectsQuery = (connectionId: string, bucket: string, prefix: string) =>
  infiniteQueryOptions({
    queryKey: keys.objects(connectionId, bucket, prefix),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const search = new URLSearchParams({ prefix });
      if (pageParam) search.set("cursor", pageParam);
      return fetchJson<ObjectListingDto>(
        `/api/connections/${enc(connectionId)}/buckets/${enc(bucket)}/objects?${search}`,
      );
    },
    getNextPageParam: (last) => last.nextCursor,
  });

export const useObjects = (connectionId: string, bucket: string, prefix: string) =>
  useInfiniteQuery(objectsQuery(connectionId, bucket, prefix));
