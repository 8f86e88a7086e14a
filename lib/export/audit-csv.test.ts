import { describe, expect, it } from "vitest";
import { auditCsvHeader, auditCsvLine, csvField } from "@/lib/export/audit-csv";

describe("audit CSV", () => {
  it("quotes commas, quotes and newlines, and defuses formulas", () => {
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
    expect(csvField(" padded ")).toBe('" padded "');
    // Keys that differ only by a leading apostrophe stay apart: one apostrophe comes off to read either back.
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("'=1+1")).toBe("''=1+1");
    expect(csvField("-backup.tar")).toBe("'-backup.tar");
    expect(csvField("'-backup.tar")).toBe("''-backup.tar");
    expect(csvField("it's")).toBe("it's");
  });

  it("writes a header and one row per entry", () => {
    const csv =
      auditCsvHeader +
      auditCsvLine({
        id: 1,
        at: "2026-11-29T00:00:00Z",
        actor: "web",
        jobId: 2,
        connectionId: "c",
        bucket: "b",
        key: "k,1",
        versionId: null,
        action: "reput",
        ownerBefore: "a",
        accessBefore: "none",
        ownerAfter: "a",
        accessAfter: "full-control",
        result: "fixed",
        reason: null,
        grantsBefore: [
          { grantee: "a", granteeType: "CanonicalUser", permission: "FULL_CONTROL" },
          { grantee: "c", granteeType: "CanonicalUser", permission: "READ" },
        ],
        grantsAfter: null,
      });
    expect(csv.split("\r\n")).toEqual([
      "id,at,actor,jobId,bucket,key,versionId,action,ownerBefore,accessBefore,ownerAfter,accessAfter,result,reason,grantsBefore,grantsAfter",
      '1,2026-11-29T00:00:00Z,web,2,b,"k,1",,reput,a,none,a,full-control,fixed,,FULL_CONTROL to a; READ to c,',
      "",
    ]);
  });
});
