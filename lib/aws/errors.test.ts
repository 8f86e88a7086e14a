import { describe, expect, it } from "vitest";
import { describeFailure, toAppError } from "@/lib/aws/errors";

const sdkError = (name: string, status?: number, code?: string) =>
  Object.assign(new Error("raw AWS text"), {
    name,
    ...(status ? { $metadata: { httpStatusCode: status } } : {}),
    ...(code ? { code } : {}),
  });

describe("describeFailure", () => {
  it("says what an operator can act on, never the raw AWS text", () => {
    expect(describeFailure(sdkError("CredentialsProviderError"))).toBe(
      "no usable credentials for this identity (check its profile, role and external ID)",
    );
    expect(describeFailure(sdkError("Error", undefined, "ECONNREFUSED"))).toBe(
      "the S3 endpoint is unreachable (ECONNREFUSED)",
    );
    expect(describeFailure(sdkError("AccessDenied", 403))).toBe("403 AccessDenied");
    expect(describeFailure(sdkError("Unknown", 405))).toBe("405 error");
  });
});

describe("toAppError", () => {
  it("keeps the code S3 gave (a refused policy says why), never its raw text", () => {
    const error = toAppError(sdkError("InvalidArgument", 400), "put the bucket policy");
    expect(error.message).toBe(
      "Could not put the bucket policy: the S3 endpoint answered 400 InvalidArgument.",
    );
    expect(error.message).not.toContain("raw AWS text");
  });

  it("says which denial it was", () => {
    expect(toAppError(sdkError("AccessDenied", 403), "read the ACL").message).toContain(
      "access denied (403 AccessDenied;",
    );
  });
});
