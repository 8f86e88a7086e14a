import { accountOf, kindOf, userAgentOf, type LoggedRequest } from "@/lib/migrate/requests";

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
  objectSize: 12,
  userAgent: 16,
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
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      // The common case: no backslash before the closing quote, so the field is the text between the quotes.
      if (line.lastIndexOf("\\", end) <= i) {
        fields.push(line.slice(i + 1, end));
        i = end + 1;
        continue;
      }
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
  const [day, hour, minute, second] = [m[1], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const offset = (m[7] === "-" ? -1 : 1) * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return new Date(
    Date.UTC(Number(m[3]), Number(month) - 1, day, hour, minute, second) - offset,
  ).toISOString();
}

/**
 * Lines of a log come in time order, many within the same second, all within a few days: the last answer is kept,
 * and each day's start (with its offset) is worked out once.
 */
let lastTime: { text: string; iso: string | null } = { text: "", iso: null };
let lastDay: { text: string; ms: number | null } = { text: "", ms: null };
const digits = (text: string, from: number, count: number) => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};
function cachedLogTime(text: string): string | null {
  if (text === lastTime.text) return lastTime.iso;
  let iso: string | null = null;
  // "DD/Mon/YYYY:HH:MM:SS +HHMM": the day and zone from the cache, the time of day from its digits.
  const day = `${text.slice(0, 12)}${text.slice(20)}`;
  if (text.length === 26 && text[14] === ":" && text[17] === ":" && text[20] === " ") {
    if (day !== lastDay.text) {
      const start = logTime(`${text.slice(0, 12)}00:00:00${text.slice(20)}`);
      lastDay = { text: day, ms: start === null ? null : Date.parse(start) };
    }
    const [h, m, sec] = [digits(text, 12, 2), digits(text, 15, 2), digits(text, 18, 2)];
    if (lastDay.ms !== null && h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60)
      iso = new Date(lastDay.ms + h * 3_600_000 + m * 60_000 + sec * 1000).toISOString();
  }
  lastTime = { text, iso };
  return iso;
}

/** Requesters and operations repeat: what each one says is kept, up to a bound. */
function memo<T>(compute: (value: string) => T, bound = 10_000) {
  const known = new Map<string, T>();
  return (value: string): T => {
    let answer = known.get(value);
    if (answer === undefined) {
      answer = compute(value);
      if (known.size < bound && value.length <= 512) known.set(value, answer);
    }
    return answer;
  };
}
const accountOfRequester = memo(accountOf);
const kindOfOperation = memo(kindOf, 500);

const dash = (v: string | undefined) => (v === undefined || v === "-" ? null : v);

/** A count of bytes as the log writes it; null for "-" or anything that is not one. */
function sizeOf(v: string | undefined): number | null {
  if (!v || !/^\d{1,15}$/.test(v)) return null;
  return Number(v);
}

/** S3 writes keys URL-encoded in its logs; a key whose encoding is broken is kept as written. */
function decodeKey(raw: string): string {
  if (!raw.includes("%")) return raw;
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
  const time = cachedLogTime(f[FIELD.time]!);
  const operation = f[FIELD.operation]!;
  if (!time || !/^[A-Z]+\.[A-Z_.]+$/.test(operation)) return null;
  const requester = dash(f[FIELD.requester]) ?? "anonymous";
  const key = dash(f[FIELD.key]);
  // An ARN is at most 2,048 characters and a key 1,024 bytes (three times that URL-encoded): longer is not S3's.
  if (requester.length > 2048 || (key?.length ?? 0) > 4096) return null;
  const status = Number(f[FIELD.status]);
  return {
    source: "access-log",
    time,
    bucket: f[FIELD.bucket]!,
    requester,
    accountId: accountOfRequester(requester),
    operation,
    kind: kindOfOperation(operation),
    key: key === null ? null : decodeKey(key),
    aclRequired: f[FIELD.aclRequired] === "Yes",
    // An access log does not record the request's headers: the ACL a PutObject sent is CloudTrail's to tell.
    aclSent: null,
    httpStatus: Number.isInteger(status) ? status : null,
    userAgent: userAgentOf(f[FIELD.userAgent]),
    invokedBy: null,
    bytes: sizeOf(f[FIELD.objectSize]),
  };
}
