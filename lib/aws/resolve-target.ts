import "server-only";
import { loadSharedConfigFiles } from "@smithy/core/config";
import type { AwsTarget } from "@/lib/aws/clients";
import { getEnv } from "@/lib/env";

export type PartialTarget = Omit<AwsTarget, "region"> & { region: string | null };

/**
 * Completes a target the way the AWS CLI would read it. The SDK ignores a profile's `endpoint_url` when the profile
 * is named in code rather than in AWS_PROFILE, and never hands it to the STS client that assumes the profile's role,
 * so it is read here once: explicit values win, then the environment, then the profile (top level or its `s3`
 * section), then us-east-1.
 */
export async function resolveTarget(partial: PartialTarget): Promise<AwsTarget> {
  const profileName = partial.profile ?? getEnv().awsProfile;
  let profile: Record<string, string | undefined> = {};
  if (profileName) {
    const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
    profile = (configFile[profileName] as Record<string, string | undefined> | undefined) ?? {};
  }
  const endpointUrl = partial.endpointUrl ?? profile["s3.endpoint_url"] ?? profile.endpoint_url ?? null;
  // As the AWS CLI reads it: an --endpoint-url is for S3 alone; a profile's top-level endpoint_url is for every service.
  const stsEndpointUrl =
    partial.stsEndpointUrl ?? profile["sts.endpoint_url"] ?? profile.endpoint_url ?? null;
  return {
    ...partial,
    region: partial.region ?? getEnv().awsRegion ?? profile.region ?? "us-east-1",
    endpointUrl,
    stsEndpointUrl,
    forcePathStyle: partial.forcePathStyle || profile["s3.addressing_style"] === "path",
  };
}
