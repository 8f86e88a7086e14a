import { describe, expect, it } from "vitest";
import { fleetConnection, fleetFixer, roleArnOf } from "@/lib/fleet/access";
import { fleetSettingsSchema } from "@/lib/schemas/fleet";

const settings = fleetSettingsSchema.parse({
  source: "organizations",
  profile: "mgmt",
  readRole: "security/OwnerscopeRead",
});
const account = { id: "123456789012", name: "pay", role: null, externalId: null, profile: null };

describe("fleet access", () => {
  it("assumes the read role of that name in each account with the base profile", () => {
    const c = fleetConnection(settings, account);
    expect(c).toMatchObject({ id: "acct-123456789012", name: "pay", profile: "mgmt" });
    expect(c.roleArn).toBe("arn:aws:iam::123456789012:role/security/OwnerscopeRead");
    expect(roleArnOf("aws-us-gov", "123456789012", "R")).toBe("arn:aws-us-gov:iam::123456789012:role/R");
  });

  it("uses an account's own profile, role and external ID where they are given, or the pattern's profile", () => {
    const own = {
      ...account,
      role: "arn:aws:iam::123456789012:role/Other",
      externalId: "x-1",
      profile: "sso-pay",
    };
    expect(fleetConnection(settings, own)).toMatchObject({
      profile: "sso-pay",
      roleArn: own.role,
      externalId: "x-1",
    });
    const patterned = { ...settings, profilePattern: "sso-{accountId}-read" };
    expect(fleetConnection(patterned, account).profile).toBe("sso-123456789012-read");
  });

  it("names a fixer only when a fix role is set", () => {
    expect(fleetFixer(settings, account)).toBeNull();
    expect(fleetFixer({ ...settings, fixRole: "OwnerscopeFix" }, account)).toEqual({
      fixerProfile: "mgmt",
      fixerRoleArn: "arn:aws:iam::123456789012:role/OwnerscopeFix",
      fixerExternalId: null,
    });
  });

  it("fixes through the account's own profile when told to, and only when it has one of its own", () => {
    const byProfile = { ...settings, fixThrough: "profile" as const };
    expect(fleetFixer(byProfile, account)).toBeNull(); // the base profile is not the writer's
    expect(fleetFixer({ ...byProfile, profilePattern: "sso-{accountId}" }, account)).toEqual({
      fixerProfile: "sso-123456789012",
      fixerRoleArn: null,
      fixerExternalId: null,
    });
    expect(fleetFixer(byProfile, { ...account, profile: "own" })?.fixerProfile).toBe("own");
  });

  it("refuses settings that are not a role name or a pattern without the account", () => {
    expect(() => fleetSettingsSchema.parse({ source: "organizations", readRole: "a b" })).toThrow();
    expect(() =>
      fleetSettingsSchema.parse({ source: "organizations", readRole: "R", profilePattern: "fixed" }),
    ).toThrow();
    // A field a newer version stored is dropped, not fatal.
    expect(
      fleetSettingsSchema.parse({ source: "organizations", readRole: "R", later: "x" }),
    ).not.toHaveProperty("later");
  });
});
