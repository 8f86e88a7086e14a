import { describe, expect, it } from "vitest";
import { parseResultLine } from "@/lib/fix/batch-report";

describe("parseResultLine", () => {
  it("reads a succeeded and a failed task, decoding the key", () => {
    expect(parseResultLine("logs-b,a+b%2Fc.txt,,succeeded,,200,Successful")).toEqual({
      bucket: "logs-b",
      key: "a b/c.txt",
      versionId: null,
      succeeded: true,
      message: "Successful",
    });
    expect(parseResultLine('logs-b,k,v1,failed,AccessDenied,403,"Access Denied, really"')).toMatchObject({
      versionId: "v1",
      succeeded: false,
      message: "AccessDenied: Access Denied, really",
    });
    expect(parseResultLine("  ")).toBeNull();
  });
});
