import "server-only";
import type { Db } from "@/lib/db";
import { fleetDirectory } from "@/lib/db/fleet";
import {
  accountSchema,
  connectionSchema,
  type Account,
  type AccountInput,
  type Connection,
  type ConnectionInput,
} from "@/lib/schemas/connection";

type ConnectionRow = {
  id: string;
  name: string;
  profile: string | null;
  role_arn: string | null;
  external_id: string | null;
  session_name: string | null;
  region: string;
  endpoint_url: string | null;
  sts_endpoint_url: string | null;
  force_path_style: number;
  owner_profile: string | null;
  owner_role_arn: string | null;
};

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    name: row.name,
    profile: row.profile,
    roleArn: row.role_arn,
    externalId: row.external_id,
    sessionName: row.session_name,
    region: row.region,
    endpointUrl: row.endpoint_url,
    stsEndpointUrl: row.sts_endpoint_url,
    forcePathStyle: row.force_path_style === 1,
    ownerProfile: row.owner_profile,
    ownerRoleArn: row.owner_role_arn,
  };
}

export function listConnections(db: Db): Connection[] {
  const rows = db.prepare("SELECT * FROM connections ORDER BY name, id").all() as ConnectionRow[];
  return rows.map(toConnection);
}

export function getConnection(db: Db, id: string): Connection | undefined {
  const row = db.prepare("SELECT * FROM connections WHERE id = ?").get(id) as ConnectionRow | undefined;
  return row && toConnection(row);
}

/** Creates or replaces a connection; input is validated here so no caller can store a malformed one. */
export function saveConnection(db: Db, input: ConnectionInput): Connection {
  const c = connectionSchema.parse(input);
  db.prepare(
    `INSERT INTO connections (id, name, profile, role_arn, external_id, session_name, region, endpoint_url, sts_endpoint_url,
       force_path_style, owner_profile, owner_role_arn)
     VALUES (@id, @name, @profile, @roleArn, @externalId, @sessionName, @region, @endpointUrl, @stsEndpointUrl,
       @forcePathStyle, @ownerProfile, @ownerRoleArn)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, profile = excluded.profile, role_arn = excluded.role_arn,
       external_id = excluded.external_id, session_name = excluded.session_name, region = excluded.region,
       endpoint_url = excluded.endpoint_url, sts_endpoint_url = excluded.sts_endpoint_url,
       force_path_style = excluded.force_path_style,
       owner_profile = excluded.owner_profile, owner_role_arn = excluded.owner_role_arn,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run({ ...c, forcePathStyle: c.forcePathStyle ? 1 : 0 });
  return c;
}

type AccountRow = {
  canonical_id: string;
  name: string;
  fixer_profile: string | null;
  fixer_role_arn: string | null;
  fixer_external_id: string | null;
  principal: string | null;
};

/** The accounts a connection knows: its own, then the fleet's directory for those it does not name itself. */
export function listAccounts(db: Db, connectionId: string): Account[] {
  const own = ownAccounts(db, connectionId);
  const named = new Set(own.map((a) => a.canonicalId));
  return [...own, ...fleetDirectory(db, connectionId).filter((a) => !named.has(a.canonicalId))];
}

/** The accounts a connection names itself (what its settings edit), without the fleet's directory. */
export function ownAccounts(db: Db, connectionId: string): Account[] {
  const rows = db
    .prepare("SELECT * FROM accounts WHERE connection_id = ? ORDER BY name, canonical_id")
    .all(connectionId) as AccountRow[];
  return rows.map((r) => ({
    canonicalId: r.canonical_id,
    name: r.name,
    fixerProfile: r.fixer_profile,
    fixerRoleArn: r.fixer_role_arn,
    fixerExternalId: r.fixer_external_id,
    principal: r.principal,
  }));
}

export function saveAccount(db: Db, connectionId: string, input: AccountInput): Account {
  const a = accountSchema.parse(input);
  db.prepare(
    `INSERT INTO accounts (connection_id, canonical_id, name, fixer_profile, fixer_role_arn, fixer_external_id,
       principal)
     VALUES (@connectionId, @canonicalId, @name, @fixerProfile, @fixerRoleArn, @fixerExternalId, @principal)
     ON CONFLICT(connection_id, canonical_id) DO UPDATE SET name = excluded.name,
       fixer_profile = excluded.fixer_profile, fixer_role_arn = excluded.fixer_role_arn,
       fixer_external_id = excluded.fixer_external_id, principal = excluded.principal`,
  ).run({ connectionId, ...a });
  return a;
}

export function deleteAccount(db: Db, connectionId: string, canonicalId: string): boolean {
  return (
    db
      .prepare("DELETE FROM accounts WHERE connection_id = ? AND canonical_id = ?")
      .run(connectionId, canonicalId).changes > 0
  );
}
