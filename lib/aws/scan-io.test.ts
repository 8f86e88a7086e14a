import { describe, expect, it } from "vitest";
import { ownershipOf } from "@/lib/aws/scan-io";

const answered = (value: string) =>
  ({ ok: true, value: { OwnershipControls: { Rules: [{ ObjectOwnership: value }] } } }) as Parameters<
    typeof ownershipOf
  >[0];

describe("ownershipOf", () => {
  it("reads the three settings S3 has", () => {
    expect(ownershipOf(answered("BucketOwnerEnforced"))).toEqual({
      kind: "rule",
      value: "BucketOwnerEnforced",
    });
  });

  it("says an answer it does not know is unreadable, never passing it on as a setting", () => {
    expect(ownershipOf(answered("SomethingNew"))).toEqual({
      kind: "unreadable",
      reason: "the endpoint answered an Object Ownership Ownerscope does not know: SomethingNew",
    });
  });
});
