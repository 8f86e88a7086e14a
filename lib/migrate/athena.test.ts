import { describe, expect, it } from "vitest";
import { evidenceRequestSchema } from "@/lib/schemas/acl-migration";
import { athenaScripts } from "./athena";

describe("Athena scripts", () => {
  it("refuses a location that could end its Hive string and change the table definition", () => {
    const crafted = "s3://logs-bucket/x\\\\';DROP TABLE t;--/";
    expect(evidenceRequestSchema.safeParse({ accessLogs: crafted }).success).toBe(false);
    expect(evidenceRequestSchema.safeParse({ cloudTrail: "s3://logs-bucket/a'b/" }).success).toBe(false);
    expect(evidenceRequestSchema.safeParse({ cloudTrail: "s3://logs-bucket/a\nb/" }).success).toBe(false);
    expect(() => athenaScripts({ bucket: "b", accessLogs: crafted, cloudTrail: null, since: null })).toThrow(
      /quote, a backslash/,
    );
  });

  it("writes an ordinary location as it is", () => {
    const s = athenaScripts({
      bucket: "b",
      accessLogs: "s3://logs-bucket/b/",
      cloudTrail: null,
      since: null,
    });
    expect(s.accessLogs).toContain("LOCATION 's3://logs-bucket/b/';");
    expect(evidenceRequestSchema.parse({ accessLogs: "s3://logs-bucket/b/" }).accessLogs).toBe(
      "s3://logs-bucket/b/",
    );
  });
});
