// The connection flags every command that talks to S3 takes, spelled as the AWS CLI spells them.
import { targetOfFlags } from "@/lib/api/targets";
import type { ConnectionFlags } from "@/lib/schemas/cli";

export const connectionOptions = {
  profile: { type: "string" },
  "role-arn": { type: "string" },
  "external-id": { type: "string" },
  "role-session-name": { type: "string" },
  "endpoint-url": { type: "string" },
  "sts-endpoint-url": { type: "string" },
  region: { type: "string" },
  "path-style": { type: "boolean" },
} as const;

/** The identity the flags name, as typed (nothing completed yet). */
export const partialTargetOf = (flags: ConnectionFlags) => ({
  profile: flags.profile ?? null,
  roleArn: flags["role-arn"] ?? null,
  externalId: flags["external-id"] ?? null,
  sessionName: flags["role-session-name"] ?? null,
  region: flags.region ?? null,
  endpointUrl: flags["endpoint-url"] ?? null,
  stsEndpointUrl: flags["sts-endpoint-url"] ?? null,
  forcePathStyle: flags["path-style"] ?? false,
});

/** The read target the flags name, completed from the environment and the profile as the AWS CLI would. */
export const targetFromFlags = (flags: ConnectionFlags) => targetOfFlags(partialTargetOf(flags));
