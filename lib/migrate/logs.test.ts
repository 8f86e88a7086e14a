import { describe, expect, it } from "vitest";
import { logTime, parseAccessLogLine } from "@/lib/migrate/access-log";
import { requestOfRecord } from "@/lib/migrate/cloudtrail";
import { EVIDENCE_BOUNDS, EvidenceTally, dependsOnAcls } from "@/lib/migrate/evidence";

// The documented example line of S3 server access logs, with an ACL-authorized GET of an odd key.
const OWNER = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
const line = (
  fields: Partial<{ requester: string; op: string; key: string; acl: string; bucket: string }> = {},
) =>
  `${OWNER} ${fields.bucket ?? "amzn-s3-demo-bucket1"} [06/Feb/2019:00:00:38 +0000] 192.0.2.3 ` +
  `${fields.requester ?? "arn:aws:iam::123456789012:user/partner"} 3E57427F3EXAMPLE ${fields.op ?? "REST.GET.OBJECT"} ` +
  `${fields.key ?? "shared/two%20words%2B1.csv"} "GET /amzn-s3-demo-bucket1/shared/two%20words%2B1.csv HTTP/1.1" 200 - 113 - 7 - "-" ` +
  `"S3Console/0.4 \\"quoted\\"" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ` +
  `ECDHE-RSA-AES128-GCM-SHA256 AuthHeader amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com TLSV1.2 - ${fields.acl ?? "Yes"}`;

describe("S3 server access log lines", () => {
  it("reads the documented fields: time in brackets, quoted text with escaped quotes, a URL-encoded key, aclRequired", () => {
    expect(parseAccessLogLine(line())).toEqual({
      source: "access-log",
      time: "2019-02-06T00:00:38.000Z",
      bucket: "amzn-s3-demo-bucket1",
      requester: "arn:aws:iam::123456789012:user/partner",
      accountId: "123456789012",
      operation: "REST.GET.OBJECT",
      kind: "read",
      key: "shared/two words+1.csv",
      aclRequired: true,
      aclSent: null,
      httpStatus: 200,
      userAgent: 'S3Console/0.4 "quoted"',
      invokedBy: null,
      bytes: null,
    });
  });

  it("reads a line from before aclRequired existed as no ACL evidence, and '-' as anonymous", () => {
    const legacy = line({ requester: "-" }).replace(/ Yes$/, "");
    expect(parseAccessLogLine(legacy)).toMatchObject({ requester: "anonymous", aclRequired: false });
  });

  it("refuses what is not a line of S3's: unterminated quotes, a bad time, a short line, an overlong one", () => {
    expect(
      parseAccessLogLine(`${OWNER} b [06/Feb/2019:00:00:38 +0000] 1.2.3.4 - X REST.GET.OBJECT k "GET /`),
    ).toBeNull();
    expect(parseAccessLogLine(line().replace("06/Feb/2019", "06/Fbr/2019"))).toBeNull();
    expect(parseAccessLogLine(`${OWNER} b`)).toBeNull();
    expect(parseAccessLogLine("x".repeat(70_000))).toBeNull();
    expect(parseAccessLogLine("")).toBeNull();
  });

  it("keeps a key whose URL encoding is broken as written", () => {
    expect(parseAccessLogLine(line({ key: "100%.txt" }))?.key).toBe("100%.txt");
  });

  it("reads the time zone offset", () => {
    expect(logTime("06/Feb/2019:02:00:38 +0200")).toBe("2019-02-06T00:00:38.000Z");
    expect(logTime("not a time")).toBeNull();
  });
});

describe("CloudTrail records", () => {
  const record = {
    eventTime: "2026-11-30T10:20:00Z",
    eventSource: "s3.amazonaws.com",
    eventName: "PutObject",
    userIdentity: {
      type: "IAMUser",
      arn: "arn:aws:iam::444455556666:user/writer",
      accountId: "444455556666",
    },
    requestParameters: { bucketName: "b", key: "public/b.txt", "x-amz-acl": "public-read" },
    additionalEventData: { aclRequired: "Yes" },
  };

  it("reads the requester, the ACL header sent and aclRequired", () => {
    expect(requestOfRecord(record)).toMatchObject({
      requester: "arn:aws:iam::444455556666:user/writer",
      accountId: "444455556666",
      kind: "write",
      key: "public/b.txt",
      aclSent: "public-read",
      aclRequired: true,
    });
  });

  it("sees grant headers of a PutObjectAcl, and passes over other services and malformed records", () => {
    const grants = {
      ...record,
      eventName: "PutObjectAcl",
      requestParameters: { bucketName: "b", key: "k", accessControlList: { "x-amz-grant-read": 'id="x"' } },
    };
    expect(requestOfRecord(grants)).toMatchObject({ kind: "acl-write", aclSent: "grants" });
    expect(requestOfRecord({ ...record, eventSource: "ec2.amazonaws.com" })).toBeNull();
    expect(requestOfRecord({ ...record, eventTime: "yesterday" })).toBeNull();
    expect(requestOfRecord("not a record")).toBeNull();
    expect(requestOfRecord({ ...record, requestParameters: null })).toBeNull();
  });
});

describe("the evidence tally", () => {
  const at = (n: number) => new Date(Date.UTC(2026, 10, 30, 0, 0, n)).toISOString();
  const req = (requester: string, n: number, extra = {}) => ({
    source: "access-log" as const,
    time: at(n),
    bucket: "b",
    requester,
    accountId: null,
    operation: "REST.GET.OBJECT",
    kind: "read" as const,
    key: `dir/sub/deeper/k${n}`,
    aclRequired: false,
    aclSent: null,
    httpStatus: 200,
    userAgent: null,
    invokedBy: null,
    bytes: null,
    ...extra,
  });

  it("counts per requester, with first and last seen, and says who depends on ACLs", () => {
    const tally = new EvidenceTally({ bucket: "b", since: at(2) });
    tally.add(req("c", 1, { aclRequired: true })); // before --since
    tally.add(req("c", 5, { aclRequired: true }));
    tally.add(req("c", 3, { aclRequired: true }));
    tally.add(req("a", 4, { kind: "write", aclSent: "bucket-owner-full-control" }));
    tally.add(req("a", 6, { kind: "write", aclSent: "public-read" }));
    tally.add(req("x", 7, { bucket: "other" }));
    // An operation of no known kind writes nothing, whatever aclRequired says.
    tally.add(req("o", 8, { kind: "other", operation: "REST.OPTIONS.PREFLIGHT", aclRequired: true }));
    const e = tally.result();
    const c = e.requesters.find((r) => r.requester === "c")!;
    expect(c).toMatchObject({
      requests: 2,
      readsThroughAcl: 2,
      firstSeen: at(3),
      lastSeen: at(5),
      prefixes: { "dir/sub/": 2 },
    });
    expect(e.requesters.find((r) => r.requester === "a")).toMatchObject({
      writesWithOtherAcl: 1,
      aclsSent: ["public-read"],
    });
    expect(
      e.requesters
        .filter(dependsOnAcls)
        .map((r) => r.requester)
        .sort(),
    ).toEqual(["a", "c"]);
    expect(e.sources.skipped).toBe(2);
  });

  it("keeps its memory bounded under a hostile number of requesters and operations", () => {
    const tally = new EvidenceTally({ bucket: "b", since: null });
    for (let i = 0; i < EVIDENCE_BOUNDS.requesters * 3; i++) tally.add(req(`r${i}`, 1));
    for (let i = 0; i < 500; i++) tally.add(req("r0", 1, { operation: `REST.OP${i}.OBJECT` }));
    const e = tally.result();
    expect(e.requesters).toHaveLength(EVIDENCE_BOUNDS.requesters);
    expect(e.otherRequesters).toBe(EVIDENCE_BOUNDS.requesters);
    expect(e.otherRequests).toBe(EVIDENCE_BOUNDS.requesters * 2);
    expect(Object.keys(e.requesters.find((r) => r.requester === "r0")!.operations).length).toBe(
      EVIDENCE_BOUNDS.operations + 1,
    );
  });
});

describe("access log times", () => {
  it("reads any time and zone the same way line after line as alone (property)", async () => {
    const fc = (await import("fast-check")).default;
    const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const two = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4_000_000_000 }), fc.integer({ min: -12, max: 14 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (times) => {
          for (const [seconds, zone] of times) {
            const utc = new Date(seconds * 1000);
            const local = new Date(utc.getTime() + zone * 3_600_000);
            const text = `${two(local.getUTCDate())}/${months[local.getUTCMonth()]}/${local.getUTCFullYear()}:${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${zone < 0 ? "-" : "+"}${two(Math.abs(zone))}00`;
            expect(parseAccessLogLine(line().replace("06/Feb/2019:00:00:38 +0000", text))?.time).toBe(
              utc.toISOString(),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
