/** Query keys from one factory, so that mutations can invalidate by prefix. */
export const keys = {
  all: ["ownerscope"] as const,
  connections: () => [...keys.all, "connections"] as const,
  buckets: (connectionId: string) => [...keys.connections(), connectionId, "buckets"] as const,
  objects: (connectionId: string, bucket: string, prefix: string) =>
    [...keys.buckets(connectionId), bucket, "objects", prefix] as const,
};
