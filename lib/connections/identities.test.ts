import { describe, expect, it } from "vitest";
import { fixTargetsOf, planContextFor, readTargetOf } from "@/lib/connections/identities";
import { connectionSchema, type Account } from "@/lib/schemas/connection";

const connection = connectionSchema.parse({
  id: "prod",
  name: "Production",
  profile: "audit",
  roleArn: "arn:aws:iam::111122223333:role/reader",
  region: "eu-west-1",
  endpointUrl: "https://s3.internal",
  stsEndpointUrl: "https://sts.internal",
  ownerProfile: "owner-b",
});

const account = (canonicalId: string, fixerProfile: string | null): Account => ({
  canonicalId,
  name: canonicalId,
  fixerProfile,
  fixerRoleArn: null,
  fixerExternalId: null,
  principal: null,
});

describe("the identities a connection acts through", () => {
  it("reads as the connection's read identity, carrying nothing else of the connection", () => {
    expect(readTargetOf(connection)).toEqual({
      profile: "audit",
      roleArn: "arn:aws:iam::111122223333:role/reader",
      externalId: null,
      sessionName: null,
      region: "eu-west-1",
      endpointUrl: "https://s3.internal",
      stsEndpointUrl: "https://sts.internal",
      forcePathStyle: false,
    });
  });

  it("writes as the bucket owner's writer and each fixer, at the connection's endpoints", () => {
    const targets = fixTargetsOf(connection, [account("a", "fix-a"), account("named-only", null)], "b");
    expect(Object.keys(targets.fixers)).toEqual(["a"]);
    expect(targets.fixers.a).toMatchObject({
      profile: "fix-a",
      roleArn: null,
      endpointUrl: "https://s3.internal",
      stsEndpointUrl: "https://sts.internal",
    });
    expect(targets.owner).toMatchObject({ profile: "owner-b", roleArn: null, region: "eu-west-1" });
    expect(fixTargetsOf({ ...connection, ownerProfile: null }, [], "b").owner).toBeNull();
  });

  it("plans with exactly the identities at hand", () => {
    const targets = fixTargetsOf(connection, [account("a", "fix-a")], "b");
    const context = planContextFor(targets, { accountName: (id) => id, versioning: "Disabled" });
    expect(context).toMatchObject({ bucketOwnerId: "b", ownerCanWrite: true, versioning: "Disabled" });
    expect([...context.fixers]).toEqual(["a"]);
  });
});
