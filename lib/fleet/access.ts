// How Ownerscope reaches one account of the fleet: the read role (or fix role) of that name in that account, assumed
// with the base credentials or the account's own profile. Pure, so the plan of who acts where is tested as data.
import type { ConnectionInput } from "@/lib/schemas/connection";
import type { FleetSettings } from "@/lib/schemas/fleet";

/** What the fleet knows of one account that decides how it is reached (an accounts file may set each). */
export type AccountAccess = {
  id: string;
  name: string;
  /** A role name or a whole ARN from an accounts file; null: the fleet's read role. */
  role: string | null;
  externalId: string | null;
  profile: string | null;
};

/** The ARN of role `name` (a name with an optional path, or already an ARN) in account `accountId`. */
export function roleArnOf(partition: FleetSettings["partition"], accountId: string, name: string): string {
  return name.startsWith("arn:") ? name : `arn:${partition}:iam::${accountId}:role/${name}`;
}

/** The profile whose credentials assume roles in this account. */
export function profileOf(settings: FleetSettings, account: AccountAccess): string | null {
  if (account.profile) return account.profile;
  return settings.profilePattern
    ? settings.profilePattern.replaceAll("{accountId}", account.id)
    : settings.profile;
}

/** The stored connection of a fleet account: "acct-" and its ID, so every bucket page works for it as for any other. */
export const fleetConnectionId = (accountId: string) => `acct-${accountId}`;

export function fleetConnection(settings: FleetSettings, account: AccountAccess): ConnectionInput {
  return {
    id: fleetConnectionId(account.id),
    name: account.name,
    profile: profileOf(settings, account),
    roleArn: roleArnOf(settings.partition, account.id, account.role ?? settings.readRole),
    externalId: account.externalId ?? settings.externalId,
    sessionName: "ownerscope-fleet",
    region: settings.region,
    endpointUrl: settings.endpointUrl,
    stsEndpointUrl: settings.stsEndpointUrl,
    forcePathStyle: settings.forcePathStyle,
    ownerProfile: null,
    ownerRoleArn: null,
  };
}

/**
 * The fixer of a writer that is an account of the fleet: its fix role assumed with its profile, or (fixThrough
 * "profile") its own profile alone. Null when there is none: no fix role set, or no profile of the account's own.
 */
export function fleetFixer(settings: FleetSettings, account: AccountAccess) {
  const externalId = account.externalId ?? settings.externalId;
  if (settings.fixThrough === "profile") {
    const own = account.profile ?? (settings.profilePattern ? profileOf(settings, account) : null);
    return own ? { fixerProfile: own, fixerRoleArn: null, fixerExternalId: null } : null;
  }
  if (!settings.fixRole) return null;
  return {
    fixerProfile: profileOf(settings, account),
    fixerRoleArn: roleArnOf(settings.partition, account.id, settings.fixRole),
    fixerExternalId: externalId,
  };
}
