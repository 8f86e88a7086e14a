import { describe, expect, it } from "vitest";
import { analyzePosture } from "@/lib/audit/posture";
import { ALL_USERS } from "@/lib/audit/types";
import { AppError } from "@/lib/errors";
import {
  awsTargetSchema,
  bucketPostureSchema,
  fixTargetsSchema,
  grantsSchema,
  parseStored,
} from "@/lib/schemas/stored";

const target = {
  profile: null,
  roleArn: "arn:aws:iam::111122223333:role/reader",
  externalId: null,
  sessionName: null,
  region: "us-east-1",
  endpointUrl: "http://s3.example:7480",
  stsEndpointUrl: "http://sts.example:7480",
  forcePathStyle: true,
};

describe("parseStored", () => {
  it("gives back what was stored, through its schema", () => {
    const posture = analyzePosture({
      bucket: "any-bucket",
      ownerId: "c0ffee",
      aclGrants: [{ grantee: ALL_USERS, granteeType: "Group", permission: "READ" }],
      ownership: { kind: "rule", value: "ObjectWriter" },
      policy: {
        kind: "ok",
        document: JSON.stringify({
          Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::1:root" }, Action: "s3:PutObject" }],
        }),
      },
      versioning: "Enabled",
      encryption: { kind: "unreadable", reason: "AccessDenied" },
    });
    expect(parseStored(bucketPostureSchema, JSON.stringify(posture), "bucket posture")).toEqual(posture);
    const targets = { bucketOwnerId: "c0ffee", read: target, owner: null, fixers: { ab12: target } };
    expect(parseStored(fixTargetsSchema, JSON.stringify(targets), "fix targets")).toEqual(targets);
  });

  it("reads a target stored before STS had its own endpoint as assuming roles at the S3 endpoint", () => {
    const old = { ...target, stsEndpointUrl: undefined };
    expect(parseStored(awsTargetSchema, JSON.stringify(old), "scan target").stsEndpointUrl).toBe(
      target.endpointUrl,
    );
  });

  it("refuses what Ownerscope does not write, naming the column and the field", () => {
    const wrong = JSON.stringify([{ grantee: "x", granteeType: "CanonicalUser", permission: "EVERYTHING" }]);
    expect(() => parseStored(grantsSchema, wrong, "grants")).toThrow(
      /The stored grants is not what Ownerscope writes \(0\.permission: /,
    );
    const error = (() => {
      try {
        parseStored(grantsSchema, "{not json", "grants");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("internal");
  });
});
