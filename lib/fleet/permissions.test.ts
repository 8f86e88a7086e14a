// The role templates of docs/roles grant exactly what the code calls: each SDK command sent from lib/aws, by the
// role that sends it (lib/fleet/permissions.ts), mapped to its IAM actions. A command added to a file of a fleet
// role without a template change fails here; so does an action a template grants that no call needs.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { actionsOf, notSentBy, senders, sendsThrough } from "@/lib/fleet/permissions";

const repo = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(repo, file), "utf8");
type Role = "read" | "fix" | "discovery";

const awsFiles = fs
  .readdirSync(path.join(repo, "lib/aws"))
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith(".test-helper.ts"))
  .map((f) => `lib/aws/${f}`);
/** The SDK commands a file constructs itself. */
const commandsIn = (file: string) =>
  [...new Set([...read(file).matchAll(/\bnew ([A-Z][A-Za-z0-9]+)Command\(/g)].map((m) => m[1]!))].sort();
const sending = awsFiles.filter((f) => commandsIn(f).length > 0 || senders[f]);
/** The other sending files a file imports from. */
const importsOf = (file: string) =>
  [...read(file).matchAll(/from "@\/(lib\/aws\/[a-z-]+)"/g)]
    .map((m) => `${m[1]}.ts`)
    .filter((f) => f !== file && sending.includes(f) && commandsIn(f).length > 0);

/** The IAM actions the code needs for one role, from its files' own commands and those sent through imports. */
function needed(role: Role): string[] {
  const commands = new Set<string>();
  for (const file of sending) {
    if (!senders[file]?.includes(role)) continue;
    for (const c of commandsIn(file)) commands.add(c);
    for (const other of importsOf(file))
      for (const c of sendsThrough[`${file} -> ${other}`] ?? []) commands.add(c);
  }
  for (const [command, exceptions] of Object.entries(notSentBy))
    if (exceptions.some((e) => e.role === role)) commands.delete(command);
  return [...new Set([...commands].flatMap((c) => actionsOf[c] ?? [`unmapped ${c}`]))].sort();
}

type Statement = { Action?: string[]; actions?: string[] | string };
function templateActions(file: string, resource?: string): string[] {
  const t = JSON.parse(read(file)) as Record<string, unknown>;
  if (file.endsWith(".tf.json")) return [...(t.locals as { actions: string[] }).actions].sort();
  const resources = t.Resources as Record<
    string,
    { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } }
  >;
  const role = resources[resource!]!;
  return role.Properties.Policies.flatMap((p) =>
    p.PolicyDocument.Statement.flatMap((s) => s.Action ?? []),
  ).sort();
}

describe("the role templates", () => {
  it("know who sends every command of lib/aws, and what each command needs", () => {
    const unknownFiles = sending.filter((f) => !senders[f]);
    expect(
      unknownFiles,
      "say in lib/fleet/permissions.ts which identity sends these files' commands",
    ).toEqual([]);
    const fleetFiles = sending.filter((f) => senders[f]!.some((r) => r !== "not-fleet"));
    const unmapped = fleetFiles.flatMap((f) => commandsIn(f)).filter((c) => !actionsOf[c] && !notSentBy[c]);
    expect(unmapped, "give these commands their IAM actions in lib/fleet/permissions.ts").toEqual([]);
    const undeclared = fleetFiles
      .flatMap((f) => importsOf(f).map((o) => `${f} -> ${o}`))
      .filter((k) => !sendsThrough[k]);
    expect(undeclared, "say which commands these imports send, in sendsThrough").toEqual([]);
  });

  it("grant the read role exactly what reading needs, in the StackSet, the management account and Terraform", () => {
    const actions = needed("read");
    expect(actions).toContain("s3:ListAllMyBuckets");
    expect(actions.some((a) => a.startsWith("s3:Put"))).toBe(false);
    expect(templateActions("docs/roles/read-role.stackset.json", "ReadRole")).toEqual(actions);
    expect(templateActions("docs/roles/management-account.json", "ReadRole")).toEqual(actions);
    expect(templateActions("docs/roles/terraform/read/main.tf.json")).toEqual(actions);
  });

  it("grant the fix role exactly what a writer's fix needs", () => {
    const actions = needed("fix");
    expect(actions).toContain("s3:PutObjectAcl");
    expect(actions).not.toContain("s3:PutBucketOwnershipControls");
    expect(templateActions("docs/roles/fix-role.stackset.json", "FixRole")).toEqual(actions);
    expect(templateActions("docs/roles/management-account.json", "FixRole")).toEqual(actions);
    expect(templateActions("docs/roles/terraform/fix/main.tf.json")).toEqual(actions);
  });

  it("grant discovery exactly the Organizations calls it makes, and every role trusts only the scanner", () => {
    expect(templateActions("docs/roles/management-account.json", "DiscoveryRole")).toEqual(
      needed("discovery"),
    );
    for (const file of ["read-role.stackset.json", "fix-role.stackset.json", "management-account.json"]) {
      const t = JSON.parse(read(`docs/roles/${file}`)) as {
        Resources: Record<
          string,
          {
            Properties: { AssumeRolePolicyDocument: { Statement: { Principal: unknown; Action: string }[] } };
          }
        >;
      };
      for (const r of Object.values(t.Resources)) {
        const [s] = r.Properties.AssumeRolePolicyDocument.Statement;
        expect(s).toMatchObject({
          Principal: { AWS: { Ref: "ScannerPrincipal" } },
          Action: "sts:AssumeRole",
        });
      }
    }
  });
});
