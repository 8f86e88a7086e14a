// Every API route and method, with the role it needs: the authorization matrix and the fuzzer both walk this list.
import { CONNECTION, MAIN_BUCKET } from "./fixtures";

export type Principal = "anonymous" | "viewer" | "operator" | "admin";
export type Need = "viewer" | "operator" | "admin" | "public";
export const rank: Record<Principal, number> = { anonymous: 0, viewer: 1, operator: 2, admin: 3 };
export const needRank: Record<Need, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

// Every route and method. Mutations carry a body that fails validation, so that an allowed caller gets a 4xx from
// validation (nothing changes) while a refused caller must get 401/403 before validation.
export const routes: {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  need: Need;
  body?: unknown;
}[] = [
  { method: "GET", path: "/api/connections", need: "viewer" },
  { method: "POST", path: "/api/connections", need: "admin", body: { id: "Not A Slug" } },
  { method: "GET", path: `/api/connections/${CONNECTION}`, need: "admin" },
  { method: "PUT", path: `/api/connections/${CONNECTION}`, need: "admin", body: { name: "" } },
  { method: "POST", path: `/api/connections/${CONNECTION}/test`, need: "operator", body: { bucket: "!" } },
  { method: "POST", path: `/api/connections/${CONNECTION}/accounts`, need: "admin", body: { name: "x" } },
  { method: "DELETE", path: `/api/connections/${CONNECTION}/accounts/no-such-account`, need: "admin" },
  { method: "GET", path: `/api/connections/${CONNECTION}/inventory-locations`, need: "operator" },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/inventory-locations`,
    need: "admin",
    body: { location: "https://not-s3/" },
  },
  { method: "DELETE", path: `/api/connections/${CONNECTION}/inventory-locations`, need: "admin" },
  { method: "GET", path: `/api/connections/${CONNECTION}/overview`, need: "viewer" },
  { method: "GET", path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/posture`, need: "viewer" },
  { method: "GET", path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/inventory`, need: "viewer" },
  {
    method: "GET",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration`,
    need: "viewer",
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration/evidence`,
    need: "operator",
    body: { accessLogs: "https://not-s3/" },
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration/snapshot`,
    need: "operator",
    body: { includePublic: "yes" },
  },
  {
    method: "GET",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration/snapshot/999999`,
    need: "viewer",
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration/steps`,
    need: "operator",
    body: { step: "everything" },
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/acl-migration/rollback`,
    need: "operator",
    body: { snapshot: 1 },
  },
  { method: "GET", path: "/api/scans/SCAN/owners", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/handoff", need: "operator" },
  { method: "GET", path: "/api/scans/SCAN/handoff/manifest", need: "operator" },
  { method: "POST", path: "/api/scans/SCAN/handoff", need: "operator", body: { owner: "" } },
  { method: "GET", path: "/api/scans/SCAN/handoff/jobs/job-1", need: "operator" },
  { method: "POST", path: "/api/scans/SCAN/handoff/jobs/job-1/report", need: "operator" },
  { method: "GET", path: `/api/connections/${CONNECTION}/buckets`, need: "viewer" },
  { method: "GET", path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/objects`, need: "viewer" },
  { method: "POST", path: "/api/scans", need: "operator", body: { connectionId: CONNECTION } },
  { method: "POST", path: "/api/fleet/scans", need: "operator", body: { retryFailed: "yes" } },
  { method: "DELETE", path: "/api/fleet/scans", need: "operator" },
  { method: "GET", path: "/api/fleet/view", need: "viewer" },
  { method: "GET", path: "/api/scans", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/findings", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/summary", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/guidance", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/folders", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/export?format=json", need: "viewer" },
  { method: "GET", path: "/api/scans/SCAN/object", need: "viewer" },
  { method: "GET", path: "/api/scans/diff?from=SCAN&to=SCAN", need: "viewer" },
  { method: "GET", path: "/api/scans/diff/findings?from=SCAN&to=SCAN&kind=new", need: "viewer" },
  { method: "POST", path: "/api/scans/999999/cancel", need: "operator" },
  { method: "POST", path: "/api/fixes/plan", need: "operator", body: { connectionId: CONNECTION } },
  { method: "POST", path: "/api/fixes", need: "operator", body: { connectionId: CONNECTION } },
  { method: "POST", path: "/api/fixes/enforce/plan", need: "operator", body: { connectionId: CONNECTION } },
  { method: "POST", path: "/api/fixes/enforce", need: "operator", body: { connectionId: CONNECTION } },
  { method: "GET", path: "/api/fixes", need: "viewer" },
  { method: "GET", path: "/api/fixes/999999", need: "viewer" },
  { method: "GET", path: "/api/fixes/999999/items", need: "viewer" },
  { method: "POST", path: "/api/fixes/999999/retry", need: "operator" },
  { method: "GET", path: "/api/audit", need: "viewer" },
  { method: "GET", path: "/api/users", need: "admin" },
  { method: "POST", path: "/api/users", need: "admin", body: { username: "x" } },
  { method: "POST", path: "/api/users/unlock", need: "admin", body: { username: "!" } },
  { method: "POST", path: "/api/users/disable", need: "admin", body: { username: "!" } },
  { method: "GET", path: "/api/share", need: "operator" },
  { method: "POST", path: "/api/share", need: "operator", body: { scanId: "nope" } },
  { method: "POST", path: "/api/share/999999/revoke", need: "operator" },
  { method: "GET", path: "/api/auth/me", need: "viewer" },
  { method: "POST", path: "/api/auth/password", need: "viewer", body: {} },
  { method: "GET", path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch`, need: "viewer" },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch`,
    need: "admin",
    body: { kind: "carrier-pigeon" },
  },
  // A bucket nobody watches: an allowed caller gets 404, and nothing the other tests watch is stopped.
  {
    method: "DELETE",
    path: `/api/connections/${CONNECTION}/buckets/no-such-bucket-here/watch`,
    need: "operator",
  },
  {
    method: "PUT",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch/schedule`,
    need: "operator",
    body: { everyHours: 0 },
  },
  {
    method: "DELETE",
    path: `/api/connections/${CONNECTION}/buckets/no-such-bucket-here/watch/schedule`,
    need: "operator",
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch/rules`,
    need: "operator",
    body: { channelId: "none" },
  },
  {
    method: "DELETE",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch/rules/999999`,
    need: "operator",
  },
  {
    method: "PUT",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch/fix-by-rule`,
    need: "admin",
    body: { enabled: "yes" },
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/${MAIN_BUCKET}/watch/secret`,
    need: "admin",
    body: { graceHours: -1 },
  },
  {
    method: "POST",
    path: `/api/connections/${CONNECTION}/buckets/no-such-bucket-here/watch/retry-failed`,
    need: "operator",
  },
  { method: "GET", path: "/api/alerts", need: "viewer" },
  { method: "GET", path: "/api/alerts/channels", need: "viewer" },
  {
    method: "POST",
    path: "/api/alerts/channels",
    need: "admin",
    body: { name: "", config: { kind: "fax" } },
  },
  { method: "DELETE", path: "/api/alerts/channels/999999", need: "admin" },
  { method: "POST", path: "/api/alerts/channels/999999/test", need: "operator" },
  { method: "POST", path: "/api/alerts/deliveries/999999/resend", need: "operator" },
];
