// The lab's log delivery. The gateway cannot write S3 server access logs (PutBucketLogging answers 405), but it keeps
// its own record of every request (the lab turns it on: scripts/lab/lab), one JSON object a line, with the requester,
// its role session, the User-Agent and the object's size. This turns a bucket's requests from that record into
// access log lines in AWS's documented format and delivers them as one log object, as S3's log delivery would: so
// the writers Ownerscope reads from access logs can be the lab's real clients (the aws CLI, an SDK, a role session).
import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { z } from "zod";
import { accessLogLine } from "./acl-logs";

/** The fields of the gateway's record this needs (RGW 16 writes more). */
const opsEntrySchema = z.object({
  bucket: z.string(),
  time: z.string(),
  user: z.string(),
  operation: z.string(),
  uri: z.string(),
  http_status: z.string(),
  object_size: z.number().optional(),
  user_agent: z.string().optional(),
  sts_info: z.object({ role_name: z.string(), role_session: z.string() }).optional(),
});
type OpsEntry = z.infer<typeof opsEntrySchema>;

export const opsLogFile = (labDir: string) => path.join(labDir, "log", "ops.log");

/** "PUT /bucket/a%20b/c?x-id=PutObject HTTP/1.1" → "a b/c" (the lab speaks path-style); null for the bucket itself. */
function keyOf(uri: string, bucket: string): string | null {
  const target = uri.slice(uri.indexOf(" ") + 1, uri.lastIndexOf(" HTTP/"));
  const pathPart = target.split("?")[0]!;
  const prefix = `/${bucket}/`;
  if (!pathPart.startsWith(prefix) || pathPart.length === prefix.length) return null;
  return pathPart.slice(prefix.length).split("/").map(decodeURIComponent).join("/");
}

/** The access log's operation for the gateway's: the writes by their S3 names, anything else by its method. */
function operationOf(e: OpsEntry): string {
  const method = e.uri.split(" ")[0] ?? "GET";
  switch (e.operation) {
    case "put_obj":
      return /[?&]partNumber=/.test(e.uri) ? "REST.PUT.PART" : "REST.PUT.OBJECT";
    case "copy_obj":
      return "REST.COPY.OBJECT";
    case "init_multipart":
      return "REST.POST.UPLOADS";
    case "complete_multipart":
      return "REST.POST.UPLOAD";
    case "get_obj":
      return "REST.GET.OBJECT";
    default:
      return `REST.${method}.${e.operation.toUpperCase()}`;
  }
}

/**
 * Who made the request, as an ARN the way the lab names its identities: a user as arn:aws:iam:::user/NAME, a role
 * session as arn:aws:sts:::assumed-role/ROLE/SESSION (Ceph's ARNs carry no account; its roles name a tenant first).
 */
function requesterOf(e: OpsEntry): string {
  if (e.sts_info) {
    const role = e.sts_info.role_name.replace(/^[^$]*\$/, "");
    return `arn:aws:sts:::assumed-role/${role}/${e.sts_info.role_session}`;
  }
  return `arn:aws:iam:::user/${e.user}`;
}

/** The bucket's requests in the gateway's record at or after `since`, oldest first; lines it cannot read are skipped. */
export function bucketRequests(labDir: string, bucket: string, since: Date): OpsEntry[] {
  const file = opsLogFile(labDir);
  if (!fs.existsSync(file))
    throw new Error(`the gateway keeps no record of requests at ${file}: restart the lab`);
  const out: OpsEntry[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const entry = opsEntrySchema.safeParse(parsed);
    if (entry.success && entry.data.bucket === bucket && Date.parse(entry.data.time) >= since.getTime())
      out.push(entry.data);
  }
  return out;
}

/** Access log lines, in AWS's format, for the bucket's requests since `since`. */
export function accessLogLinesOf(
  labDir: string,
  o: { bucket: string; bucketOwner: string; since: Date },
): string[] {
  return bucketRequests(labDir, o.bucket, o.since).map((e) => {
    const size = e.object_size;
    return accessLogLine({
      bucketOwner: o.bucketOwner,
      bucket: o.bucket,
      time: new Date(e.time),
      requester: requesterOf(e),
      operation: operationOf(e),
      key: keyOf(e.uri, o.bucket),
      status: Number(e.http_status),
      aclRequired: false,
      ...(e.user_agent ? { userAgent: e.user_agent } : {}),
      ...(size === undefined ? {} : { objectSize: size }),
    });
  });
}

/**
 * Delivers the bucket's requests since `since` as one access log object under `s3://logBucket/prefix`, named as S3
 * names them (prefix + YYYY-mm-DD-HH-MM-SS- + a unique part), written by `client`. Answers the lines delivered.
 */
export async function deliverAccessLogs(
  labDir: string,
  client: S3Client,
  o: { bucket: string; bucketOwner: string; since: Date; logBucket: string; prefix: string },
): Promise<string[]> {
  const lines = accessLogLinesOf(labDir, o);
  const stamp = new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-");
  const unique = Math.random().toString(16).slice(2, 18).toUpperCase();
  await client.send(
    new PutObjectCommand({
      Bucket: o.logBucket,
      Key: `${o.prefix}${stamp}-${unique}`,
      Body: lines.length ? `${lines.join("\n")}\n` : "",
    }),
  );
  return lines;
}
