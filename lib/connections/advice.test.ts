import { describe, expect, it } from "vitest";
import { adviceFor, type CheckContext } from "@/lib/connections/advice";

const base: CheckContext = {
  endpoint: "http://s3.internal:7480",
  stsEndpoint: null,
  region: "us-east-1",
  profile: "audit",
  roleArn: "arn:aws:iam::111122223333:role/reader",
  externalId: null,
  bucket: "logs-b",
};

describe("adviceFor", () => {
  it("names the endpoint when it cannot be reached", () => {
    expect(adviceFor("list-buckets", "unreachable", base)).toMatch(
      /http:\/\/s3\.internal:7480 is unreachable/,
    );
    expect(adviceFor("list-buckets", "unreachable", { ...base, endpoint: null })).toMatch(/S3 in us-east-1/);
  });

  it("names the STS endpoint, or AWS STS, when a role cannot be assumed for want of a route", () => {
    expect(adviceFor("credentials", "unreachable", base)).toMatch(/AWS STS in us-east-1 is unreachable/);
    expect(adviceFor("fixer", "unreachable", { ...base, stsEndpoint: "http://sts.internal:7480" })).toMatch(
      /http:\/\/sts\.internal:7480 \(the STS endpoint\) is unreachable/,
    );
  });

  it("points at the trust policy, and at the external ID when one is set", () => {
    expect(adviceFor("credentials", "denied", base)).toMatch(
      /add the profile "audit" to the role.s trust policy/,
    );
    expect(adviceFor("credentials", "denied", { ...base, externalId: "x-123" })).toMatch(
      /sts:ExternalId condition must equal/,
    );
    expect(adviceFor("fixer", "denied", { ...base, account: "partner-a" })).toMatch(/fixer for partner-a/);
  });

  it("says when the role to assume does not exist", () => {
    expect(adviceFor("credentials", "not-found", base)).toBe(
      "arn:aws:iam::111122223333:role/reader does not exist: check the role ARN (account ID and role name).",
    );
  });

  it("names the missing action and resource for a denied S3 call", () => {
    expect(adviceFor("list-buckets", "denied", base)).toBe(
      "Access denied: allow s3:ListAllMyBuckets on * in the policy of arn:aws:iam::111122223333:role/reader.",
    );
    expect(adviceFor("list-objects", "denied", base)).toContain("s3:ListBucket on arn:aws:s3:::logs-b");
    expect(adviceFor("object-acl", "denied", { ...base, roleArn: null })).toContain(
      's3:GetObjectAcl on arn:aws:s3:::logs-b/* in the policy of the profile "audit"',
    );
  });

  it("says when a profile has no credentials", () => {
    expect(adviceFor("credentials", "no-credentials", { ...base, profile: null })).toMatch(
      /default credential chain has no usable credentials/,
    );
  });
});
