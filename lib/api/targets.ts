import "server-only";
import { resolveTarget, type PartialTarget } from "@/lib/aws/resolve-target";
import type { AwsTarget } from "@/lib/connections/identities";

/**
 * The identity a command line names by flags (no stored connection), completed from the environment and the
 * profile as the AWS CLI would: the region of the profile, the endpoint of AWS_ENDPOINT_URL_S3, and so on.
 */
export const targetOfFlags = (partial: PartialTarget): Promise<AwsTarget> => resolveTarget(partial);
