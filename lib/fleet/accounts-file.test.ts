import { describe, expect, it } from "vitest";
import { AccountsFileError, parseAccountsFile } from "@/lib/fleet/accounts-file";

describe("parseAccountsFile", () => {
  it("reads CSV with a header, quoted fields, comments and optional columns", () => {
    const rows = parseAccountsFile(
      '# our accounts\nid,name,role,externalId,profile,ou\n123456789012,"Payments, prod",,,sso-pay,Prod/Payments\n' +
        "210987654321,dev,arn:aws:iam::210987654321:role/Custom,ext-123,,\n",
    );
    expect(rows).toEqual([
      {
        id: "123456789012",
        name: "Payments, prod",
        role: null,
        externalId: null,
        profile: "sso-pay",
        ou: "Prod/Payments",
        tags: {},
      },
      {
        id: "210987654321",
        name: "dev",
        role: "arn:aws:iam::210987654321:role/Custom",
        externalId: "ext-123",
        profile: null,
        ou: null,
        tags: {},
      },
    ]);
  });

  it("reads JSON as an array or under accounts", () => {
    const one = [{ id: "123456789012", name: "a", tags: { env: "prod" } }];
    expect(parseAccountsFile(JSON.stringify(one))[0]!.tags).toEqual({ env: "prod" });
    expect(parseAccountsFile(JSON.stringify({ accounts: one }))).toHaveLength(1);
  });

  it("refuses what is not an account list, saying where", () => {
    const bad = (text: string, message: RegExp) => expect(() => parseAccountsFile(text)).toThrow(message);
    bad("id,name\n12345,short\n", /line 2: id/);
    bad("id,name,color\n123456789012,a,red\n", /unknown: color/);
    bad('[{"id":"123456789012","name":"a","extra":1}]', /account 1/);
    bad('[{"id":"123456789012","name":"a"},{"id":"123456789012","name":"b"}]', /listed twice/);
    bad('{"x":1}', /expected an array/);
    bad("[1,", /not JSON/);
    bad('[{"id":"123456789012","name":"a","role":"$(touch /tmp/x)"}]', /account 1: role/);
    expect(() => parseAccountsFile("x".repeat(9 * 1024 * 1024))).toThrow(AccountsFileError);
  });
});
