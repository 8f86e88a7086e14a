import { describe, expect, it } from "vitest";
import type { Evidence, RequesterEvidence } from "@/lib/migrate/evidence";
import { accountOfRequester, mergeRequesters, roleOfSession } from "@/lib/migrate/requesters";

const CANONICAL = "c0ffee".repeat(10) + "abcd";
const OTHER = "beef".repeat(16);

const requester = (name: string, over: Partial<RequesterEvidence> = {}): RequesterEvidence => ({
  requester: name,
  accountId: null,
  requests: 1,
  firstSeen: "2026-11-01T00:00:00Z",
  lastSeen: "2026-11-01T00:00:00Z",
  operations: { "REST.GET.OBJECT": 1 },
  prefixes: { "shared/": 1 },
  readsThroughAcl: 1,
  writesThroughAcl: 0,
  writesWithOtherAcl: 0,
  aclsSent: [],
  ...over,
});
const evidence = (requesters: RequesterEvidence[]): Evidence => ({
  sources: { accessLogLines: 3, cloudTrailRecords: 0, skipped: 0, files: 1 },
  from: null,
  to: null,
  requesters,
  otherRequesters: 0,
  otherRequests: 0,
});

describe("one requester however the logs name it", () => {
  it("merges an account's canonical ID, its users' and roles' ARNs and its account ID when its principal is the account", () => {
    const accounts = [{ canonicalId: CANONICAL, principal: "111122223333" }];
    const merged = mergeRequesters(
      evidence([
        requester(CANONICAL, { requests: 2, firstSeen: "2026-11-02T00:00:00Z" }),
        requester("arn:aws:iam::111122223333:user/reader", {
          accountId: "111122223333",
          lastSeen: "2026-11-05T00:00:00Z",
        }),
        requester("arn:aws:sts::111122223333:assumed-role/Reader/session-9", {
          operations: { GetObject: 4 },
        }),
        requester("111122223333"),
        requester(OTHER),
      ]),
      accounts,
    );
    expect(merged.requesters.map((r) => r.requester)).toEqual([CANONICAL, OTHER]);
    expect(merged.requesters[0]).toMatchObject({
      requests: 5,
      readsThroughAcl: 4,
      firstSeen: "2026-11-01T00:00:00Z",
      lastSeen: "2026-11-05T00:00:00Z",
      operations: { "REST.GET.OBJECT": 3, GetObject: 4 },
      prefixes: { "shared/": 4 },
    });
  });

  it("claims for a principal role only that role and its sessions, not every identity of its account", () => {
    const accounts = [{ canonicalId: CANONICAL, principal: "arn:aws:iam::111122223333:role/Reader" }];
    expect(accountOfRequester(accounts, "arn:aws:sts::111122223333:assumed-role/Reader/s1", null)).toBe(
      accounts[0],
    );
    expect(accountOfRequester(accounts, "arn:aws:iam::111122223333:role/Reader", null)).toBe(accounts[0]);
    expect(accountOfRequester(accounts, "arn:aws:iam::111122223333:user/someone-else", null)).toBeNull();
    expect(accountOfRequester(accounts, CANONICAL, null)).toBe(accounts[0]);
  });

  it("names a session by its role where no account claims it, so that its sessions are one requester", () => {
    expect(roleOfSession("arn:aws:sts::444455556666:assumed-role/Etl/run-1")).toBe(
      "arn:aws:iam::444455556666:role/Etl",
    );
    const merged = mergeRequesters(
      evidence([
        requester("arn:aws:sts::444455556666:assumed-role/Etl/run-1"),
        requester("arn:aws:sts::444455556666:assumed-role/Etl/run-2"),
      ]),
      [],
    );
    expect(merged.requesters).toHaveLength(1);
    expect(merged.requesters[0]).toMatchObject({
      requester: "arn:aws:iam::444455556666:role/Etl",
      requests: 2,
    });
  });
});
