import "client-only";

/** Query keys from one factory, so that mutations can invalidate by prefix. */
export const keys = {
  all: ["ownerscope"] as const,
  connections: () => [...keys.all, "connections"] as const,
  connection: (connectionId: string) => [...keys.connections(), connectionId] as const,
  overview: (connectionId: string) => [...keys.connection(connectionId), "overview"] as const,
  posture: (connectionId: string, bucket: string) =>
    [...keys.connection(connectionId), "posture", bucket] as const,
  buckets: (connectionId: string) => [...keys.connections(), connectionId, "buckets"] as const,
  objects: (connectionId: string, bucket: string, prefix: string) =>
    [...keys.buckets(connectionId), bucket, "objects", prefix] as const,
  scans: () => [...keys.all, "scans"] as const,
  scanList: (connectionId: string, bucket: string) =>
    [...keys.scans(), "list", connectionId, bucket] as const,
  scan: (scanId: number) => [...keys.scans(), scanId] as const,
  findings: (scanId: number, view: Record<string, string>) =>
    [...keys.scan(scanId), "findings", view] as const,
  folders: (scanId: number, view: Record<string, string>) => [...keys.scan(scanId), "folders", view] as const,
  object: (scanId: number, key: string, versionId: string | null) =>
    [...keys.scan(scanId), "object", key, versionId ?? ""] as const,
  diff: (from: number, to: number) => [...keys.scans(), "diff", from, to] as const,
  diffFindings: (from: number, to: number, kind: string) => [...keys.diff(from, to), kind] as const,
  owners: (scanId: number) => [...keys.scan(scanId), "owners"] as const,
  guidance: (scanId: number) => [...keys.scan(scanId), "guidance"] as const,
  users: () => [...keys.all, "users"] as const,
  shares: (scanId: number) => [...keys.scan(scanId), "shares"] as const,
  sharedView: (token: string) => [...keys.all, "share", token] as const,
  handoff: (scanId: number, params: Record<string, string> | null) =>
    [...keys.scan(scanId), "handoff", params] as const,
  handoffJob: (scanId: number, jobId: string) => [...keys.scan(scanId), "handoff-job", jobId] as const,
  watch: (connectionId: string, bucket: string) =>
    [...keys.connection(connectionId), "watch", bucket] as const,
  alerts: () => [...keys.all, "alerts"] as const,
  aclMigration: (connectionId: string, bucket: string) =>
    [...keys.posture(connectionId, bucket), "acl-migration"] as const,
  inventorySetup: (connectionId: string, bucket: string) =>
    [...keys.posture(connectionId, bucket), "inventory"] as const,
  fixes: () => [...keys.all, "fixes"] as const,
  fixPlan: (selection: unknown) => [...keys.fixes(), "plan", selection] as const,
  enforcePlan: (scanId: number) => [...keys.fixes(), "enforce", scanId] as const,
  fixJob: (jobId: number) => [...keys.fixes(), jobId] as const,
  fixJobsOf: (connectionId: string, bucket: string) =>
    [...keys.fixes(), "jobs", connectionId, bucket] as const,
  fixItems: (jobId: number, state: string | undefined) =>
    [...keys.fixJob(jobId), "items", state ?? "all"] as const,
  audit: (connectionId: string, bucket: string) => [...keys.all, "audit", connectionId, bucket] as const,
};
