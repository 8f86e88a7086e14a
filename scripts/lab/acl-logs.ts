// Log files in AWS's documented formats, for the tests and the benchmark (the gateway writes neither): S3 server
// access log lines, and CloudTrail files of S3 data events.
import { gzipSync } from "node:zlib";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** [06/Feb/2019:00:00:38 +0000] */
const logTimeOf = (d: Date) =>
  `[${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000]`;

/** As S3 writes a key into its logs: URL-encoded, its slashes kept. */
const logKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

export type AccessLogEntry = {
  bucketOwner: string;
  bucket: string;
  time: Date;
  requester: string;
  operation: string;
  key: string | null;
  status?: number;
  aclRequired: boolean;
  /** Lines written before aclRequired existed end at the access point ARN. */
  legacy?: boolean;
  userAgent?: string;
  objectSize?: number;
};

let requestCounter = 0;

export function accessLogLine(e: AccessLogEntry): string {
  const id = (++requestCounter).toString(16).toUpperCase().padStart(16, "0");
  const method = e.operation.split(".")[1] ?? "GET";
  const path = e.key ? `/${e.bucket}/${logKey(e.key)}` : `/${e.bucket}`;
  const fields = [
    e.bucketOwner,
    e.bucket,
    logTimeOf(e.time),
    "192.0.2.3",
    e.requester,
    id,
    e.operation,
    e.key ? logKey(e.key) : "-",
    `"${method} ${path}${e.operation.includes("ACL") ? "?acl" : ""} HTTP/1.1"`,
    String(e.status ?? 200),
    "-",
    "512",
    e.objectSize === undefined ? "512" : String(e.objectSize),
    "12",
    "8",
    '"-"',
    `"${(e.userAgent ?? 'aws-sdk-java/1.12.0 Linux/5.10 "quoted" agent').replace(/"/g, '\\"')}"`,
    "-",
    "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=",
    "SigV4",
    "ECDHE-RSA-AES128-GCM-SHA256",
    "AuthHeader",
    `${e.bucket}.s3.us-east-1.amazonaws.com`,
    "TLSv1.2",
    "-",
  ];
  if (!e.legacy) fields.push(e.aclRequired ? "Yes" : "-", "us-east-1");
  return fields.join(" ");
}

export type TrailEvent = {
  time: Date;
  eventName: string;
  bucket: string;
  key: string | null;
  arn: string;
  accountId: string;
  aclRequired: boolean;
  acl?: string;
  grants?: Record<string, string>;
  eventSource?: string;
  userAgent?: string;
  /** The service that called on the identity's behalf. */
  invokedBy?: string;
  bytesIn?: number;
};

export function trailRecord(e: TrailEvent) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: e.arn.includes(":assumed-role/") ? "AssumedRole" : "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: e.arn,
      accountId: e.accountId,
      ...(e.invokedBy ? { invokedBy: e.invokedBy } : {}),
    },
    eventTime: e.time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: e.eventSource ?? "s3.amazonaws.com",
    eventName: e.eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: e.invokedBy ?? "192.0.2.3",
    userAgent: e.userAgent ?? "[aws-cli/2.15.0]",
    requestParameters: {
      bucketName: e.bucket,
      Host: `${e.bucket}.s3.us-east-1.amazonaws.com`,
      ...(e.key ? { key: e.key } : {}),
      ...(e.acl ? { "x-amz-acl": e.acl } : {}),
      ...(e.grants ? { accessControlList: e.grants } : {}),
    },
    responseElements: null,
    additionalEventData: {
      SignatureVersion: "SigV4",
      AuthenticationMethod: "AuthHeader",
      ...(e.bytesIn === undefined ? {} : { bytesTransferredIn: e.bytesIn }),
      ...(e.aclRequired ? { aclRequired: "Yes" } : {}),
    },
    requestID: "EXAMPLE",
    eventID: "00000000-0000-0000-0000-000000000000",
    readOnly: e.eventName.startsWith("Get") || e.eventName.startsWith("Head"),
    resources: [{ type: "AWS::S3::Object", ARN: `arn:aws:s3:::${e.bucket}/${e.key ?? ""}` }],
    eventType: "AwsApiCall",
    managementEvent: false,
    recipientAccountId: "111122223333",
    eventCategory: "Data",
  };
}

export const trailFile = (records: object[]) => gzipSync(JSON.stringify({ Records: records }));
