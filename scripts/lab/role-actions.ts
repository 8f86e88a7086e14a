// The actions a lab role gets: those of its template in docs/roles (lib/fleet/permissions.test.ts keeps those equal
// to what the code calls), less the ones RGW 16 refuses in a role policy (measured): the gateway has no such calls.
import fs from "node:fs";
import path from "node:path";

const refusedByGateway = new Set([
  "s3:GetBucketOwnershipControls",
  "s3:GetEncryptionConfiguration",
  "s3:GetInventoryConfiguration",
]);

type Template = {
  Resources: Record<
    string,
    { Properties: { Policies: { PolicyDocument: { Statement: { Action: string[] }[] } }[] } }
  >;
};

/** The actions of a StackSet template's role ("read-role.stackset.json", "ReadRole") the gateway accepts. */
export function templateActions(file: string, resource: string): string[] {
  const t = JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, "../../docs/roles", file), "utf8"),
  ) as Template;
  const actions = t.Resources[resource]!.Properties.Policies[0]!.PolicyDocument.Statement[0]!.Action;
  return actions.filter((a) => !refusedByGateway.has(a));
}
