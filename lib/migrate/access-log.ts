import { accountOf, kindOf, type LoggedRequest } from "@/lib/migrate/requests";

/**
 * S3 server access logs: one request per line, fields separated by spaces, the time in brackets, free text (the
 * request URI, referrer, user agent) in double quotes, "-" for a field with no value. Fields are positional:
 * bucket owner, bucket, time, remote IP, requester, request ID, operation, key, request URI, HTTP status, error code,
 * bytes sent, object size, total time, turn-around time, referrer, user agent, version ID, host ID, signature
 * version, cipher suite, authentication type, host header, TLS version, access point ARN, aclRequired, and newer
 * fields after it. Lines written before aclRequired existed end earlier: they carry no ACL evidence.
 */
const FIELD = {
  bucket: 1,
  time: 2,
  requester: 4,
  operation: 6,
  key: 7,
  status: 9,
  aclRequired: 25,
} as const;

/** Longest line read; a longer one is not a log line of S3's. */
export const MAX_LINE = 64 * 1024;

/** Splits a line into its fields; null when its brackets or quotes do not close. */
export function splitFields(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === " ") {
      i++;
      continue;
    }
    if (line[i] === "[") {
      const end = line.indexOf("]", i);
      if (end < 0) return null;
      fields.push(line.slice(i + 1, end));
      i = end + 1;
    } else if (line[i] === '"') {
      let value = "";
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        // A quote inside a quoted field comes escaped with a backslash.
        if (line[j] === "\\" && j + 1 < line.length) j++;
        value += line[j];
      }
      if (j >= line.length) return null;
      fields.push(value);
      i = j + 1;
    } else {
      const end = line.indexOf(" ", i);
      fields.push(line.slice(i, end < 0 ? line.length : end));
      i = end < 0 ? line.length : end;
    }
  }
  return fields;
}

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};

/** "06/Feb/2019:00:00:38 +0000" as ISO 8601 UTC; null when it is not that shape. */
export function logTime(text: string): string | null {
  const m = /^(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  const month = m && MONTHS[m[2]!];
  if (!m || !month) return null;
  const local = Date.parse(`${m[3]}-${month}-${m[1]}T${m[4]}:${m[5]}:${m[6]}Z`);
  if (Number.isNaN(local)) return null;
  const offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return new Date(local - offset).toISOString();
}

const dash = (v: string | undefined) => (v === undefined || v === "-" ? null : v);

/** S3 writes keys URL-encoded in its logs; a key whose encoding is broken is kept as written. */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** One access log line as a request; null for a line that is not one (blank, cut short, malformed). */
export function parseAccessLogLine(line: string): LoggedRequest | null {
  if (line.length === 0 || line.length > MAX_LINE) return null;
  const f = splitFields(line);
  if (!f || f.length <= FIELD.status) return null;
  const time = logTime(f[FIELD.time]!);
  const operation = f[FIELD.operation]!;
  if (!time || !/^[A-Z]+\.[A-Z_.]+$/.test(operation)) return null;
  const requester = dash(f[FIELD.requester]) ?? "anonymous";
  const key = dash(f[FIELD.key]);
  const status = Number(f[FIELD.status]);
  return {
    source: "access-log",
    time,
    bucket: f[FIELD.bucket]!,
    requester,
    accountId: accountOf(requester),
    operation,
    kind: kindOf(operation),
    key: key === null ? null : decodeKey(key),
    aclRequired: f[FIELD.aclRequired] === "Yes",
    // An access log does not record the request's headers: the ACL a PutObject sent is CloudTrail's to tell.
    aclSent: null,
    httpStatus: Number.isInteger(status) ? status : null,
  };
}
