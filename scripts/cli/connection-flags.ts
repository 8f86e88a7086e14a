// The connection flags every command that talks to S3 takes, spelled as the AWS CLI spells them.
import type { AwsTarget } from "@/lib/aws/clients";
import { resolveTarget } from "@/lib/aws/resolve-target";
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

/** The read target the flags name, completed from the environment and the profile as the AWS CLI would. */
export function targetFromFlags(flags: ConnectionFlags): Promise<AwsTarget> {
  return resolveTarget({
    profile: flags.profile ?? null,
    roleArn: flags["role-arn"] ?? null,
    externalId: flags["external-id"] ?? null,
    sessionName: flags["role-session-name"] ?? null,
    region: flags.region ?? null,
    endpointUrl: flags["endpoint-url"] ?? null,
    stsEndpointUrl: flags["sts-endpoint-url"] ?? null,
    forcePathStyle: flags["path-style"] ?? false,
  });
}
