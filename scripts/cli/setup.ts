// Setting Ownerscope up from a terminal: connections, named accounts with their fixers, allowed inventory report
// locations. Each input goes through the same schema as the route that does the same in the browser.
import os from "node:os";
import { accountsOf, connections, findConnection, putAccount, putConnection } from "@/lib/api/connections";
import { allowLocation, forbidLocation, inventoryLocations } from "@/lib/api/inventory-locations";
import type { Db } from "@/lib/db";
import { accountSchema, connectionSchema } from "@/lib/schemas/connection";
import { inventoryLocationInputSchema } from "@/lib/schemas/scan";
import { print, UsageError, type Command, type Flags } from "./command";

const text = (v: Flags[string]) => (typeof v === "string" ? v : undefined);
const orNull = (v: Flags[string]) => text(v) ?? null;

function requireConnectionFlag(db: Db, flags: Flags, command: string): string {
  const id = text(flags.connection);
  if (!id) throw new UsageError(`${command} needs --connection`);
  if (!findConnection(db, id))
    throw new UsageError(`no connection "${id}"; add it first with: connection add`);
  return id;
}

const connectionAdd: Command = {
  usage: `connection add   --id ID --name NAME [--profile P] [--role-arn ARN] [--external-id X] [--role-session-name S]
                   [--region R] [--endpoint-url URL] [--sts-endpoint-url URL] [--path-style]
                   [--owner-profile P] [--owner-role-arn ARN]`,
  required: ["id", "name"],
  options: {
    id: { type: "string" },
    name: { type: "string" },
    profile: { type: "string" },
    "role-arn": { type: "string" },
    "external-id": { type: "string" },
    "role-session-name": { type: "string" },
    region: { type: "string" },
    "endpoint-url": { type: "string" },
    "sts-endpoint-url": { type: "string" },
    "path-style": { type: "boolean" },
    "owner-profile": { type: "string" },
    "owner-role-arn": { type: "string" },
  },
  run: (db, f) => {
    // The schema of POST /api/connections; the same ID again replaces the connection.
    const input = connectionSchema.parse({
      id: text(f.id),
      name: text(f.name),
      profile: orNull(f.profile),
      roleArn: orNull(f["role-arn"]),
      externalId: orNull(f["external-id"]),
      sessionName: orNull(f["role-session-name"]),
      region: text(f.region),
      endpointUrl: orNull(f["endpoint-url"]),
      stsEndpointUrl: orNull(f["sts-endpoint-url"]),
      forcePathStyle: f["path-style"] === true,
      ownerProfile: orNull(f["owner-profile"]),
      ownerRoleArn: orNull(f["owner-role-arn"]),
    });
    print(putConnection(db(), input));
    return 0;
  },
};

const accountAdd: Command = {
  usage: `account add      --connection ID --canonical-id CID --name NAME [--fixer-profile P] [--fixer-role-arn ARN]
                   [--fixer-external-id X] [--principal ACCOUNT_ID_OR_ARN]`,
  required: ["connection", "canonical-id", "name"],
  options: {
    connection: { type: "string" },
    "canonical-id": { type: "string" },
    name: { type: "string" },
    "fixer-profile": { type: "string" },
    "fixer-role-arn": { type: "string" },
    "fixer-external-id": { type: "string" },
    principal: { type: "string" },
  },
  run: (db, f) => {
    const connectionId = requireConnectionFlag(db(), f, "account add");
    // The schema of POST /api/connections/:id/accounts.
    const input = accountSchema.parse({
      canonicalId: text(f["canonical-id"]),
      name: text(f.name),
      fixerProfile: orNull(f["fixer-profile"]),
      fixerRoleArn: orNull(f["fixer-role-arn"]),
      fixerExternalId: orNull(f["fixer-external-id"]),
      principal: orNull(f.principal),
    });
    print(putAccount(db(), connectionId, input));
    return 0;
  },
};

const inventoryLocation = (action: "add" | "remove" | "list"): Command => ({
  usage: {
    add: `inventory-location add --connection ID --location s3://BUCKET/PREFIX/
                   let the browser read S3 Inventory reports there too (beside the destinations the
                   buckets' own inventory configurations name)`,
    remove: "inventory-location remove --connection ID --location s3://BUCKET/PREFIX/",
    list: "inventory-location list --connection ID",
  }[action],
  required: action === "list" ? ["connection"] : ["connection", "location"],
  options: { connection: { type: "string" }, location: { type: "string" } },
  run: (db, f) => {
    const connectionId = requireConnectionFlag(db(), f, `inventory-location ${action}`);
    if (action !== "list") {
      // The schema of POST /api/connections/:id/inventory-locations.
      const { location } = inventoryLocationInputSchema.parse({ location: text(f.location) });
      if (action === "add") allowLocation(db(), connectionId, location, `cli:${os.userInfo().username}`);
      else forbidLocation(db(), connectionId, location);
    }
    print(inventoryLocations(db(), connectionId));
    return 0;
  },
});

export const setupCommands: Record<string, Command> = {
  "connection add": connectionAdd,
  "connection list": {
    usage: "connection list",
    options: {},
    run: (db) => {
      print(connections(db()));
      return 0;
    },
  },
  "account add": accountAdd,
  "account list": {
    usage: "account list     --connection ID",
    required: ["connection"],
    options: { connection: { type: "string" } },
    run: (db, f) => {
      print(accountsOf(db(), requireConnectionFlag(db(), f, "account list")));
      return 0;
    },
  },
  "inventory-location add": inventoryLocation("add"),
  "inventory-location remove": inventoryLocation("remove"),
  "inventory-location list": inventoryLocation("list"),
};
