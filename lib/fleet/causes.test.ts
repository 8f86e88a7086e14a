import { describe, expect, it } from "vitest";
import { causeOf, causeOfScanFailure, describeCause, factsOf, type FailureFacts } from "@/lib/fleet/causes";

const facts = (
  stage: FailureFacts["stage"],
  status: number | undefined,
  name: string,
  message = "",
): FailureFacts => ({
  stage,
  status,
  name,
  message,
});

describe("causeOf", () => {
  it("names the role's problems by where they happen", () => {
    expect(causeOf(facts("assume", 404, "NotFound"))).toBe("role-missing");
    expect(causeOf(facts("assume", 404, "NoSuchEntity"))).toBe("role-missing");
    expect(
      causeOf(facts("assume", 403, "AccessDenied", "is not authorized to perform: sts:AssumeRole")),
    ).toBe("role-untrusted");
    expect(causeOf(facts("account", 403, "AccessDenied"))).toBe("role-denied");
    expect(causeOf(facts("bucket", 403, "AccessDenied"))).toBe("bucket-policy-denied");
  });

  it("tells an SCP or RCP denial from the role's own, by AWS's message", () => {
    const scp =
      "User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: s3:ListBucket with an explicit deny in a service control policy";
    expect(causeOf(facts("bucket", 403, "AccessDenied", scp))).toBe("scp-denied");
    expect(causeOf(facts("account", 403, "AccessDenied", scp))).toBe("scp-denied");
    const rcp = "... with an explicit deny in a resource control policy";
    expect(causeOf(facts("bucket", 403, "AccessDenied", rcp))).toBe("rcp-denied");
  });

  it("names disabled Regions, throttling, unreachable endpoints and bad credentials", () => {
    expect(causeOf(facts("bucket", 400, "InvalidToken", "The provided token is malformed"))).toBe(
      "region-disabled",
    );
    expect(causeOf(facts("assume", 403, "RegionDisabledException"))).toBe("region-disabled");
    expect(causeOf(facts("bucket", 503, "SlowDown"))).toBe("throttled");
    expect(causeOf(facts("account", undefined, "ECONNREFUSED"))).toBe("unreachable");
    expect(causeOf(facts("assume", 403, "InvalidClientTokenId"))).toBe("no-credentials");
    expect(
      causeOf(
        facts(
          "assume",
          undefined,
          "CredentialsProviderError",
          "Could not resolve credentials using profile: [x]",
        ),
      ),
    ).toBe("no-credentials");
    expect(causeOf(facts("bucket", 500, "InternalError"))).toBe("endpoint-error");
  });

  it("reads an SDK error's status, name and network code", () => {
    const sdk = Object.assign(new Error("denied"), {
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
    expect(factsOf("account", sdk)).toEqual({
      stage: "account",
      status: 403,
      name: "AccessDenied",
      message: "denied",
    });
    const net = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(causeOf(factsOf("account", net))).toBe("unreachable");
    expect(describeCause("role-missing", facts("assume", 404, "NotFound"))).toBe(
      "the read role does not exist in this account (404 NotFound)",
    );
  });
});

describe("causeOfScanFailure", () => {
  it("reads the cause from the reason, never from the bucket's name or the key", () => {
    expect(
      causeOfScanFailure(
        "Could not list bucket cdn-403-x: the S3 endpoint answered 500 InternalError.",
        "cdn-403-x",
      ),
    ).toBe("endpoint-error");
    expect(causeOfScanFailure("checking a/503/SlowDown: 500 InternalError", "b")).toBe("endpoint-error");
    expect(causeOfScanFailure("checking k: 503 SlowDown", "b")).toBe("throttled");
    expect(causeOfScanFailure("Could not list bucket b: access denied (403 AccessDenied; …)", "b")).toBe(
      "bucket-policy-denied",
    );
    expect(causeOfScanFailure("checking k: no usable credentials for this identity", "b")).toBe(
      "no-credentials",
    );
  });
});
