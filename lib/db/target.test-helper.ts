import type { AwsTarget } from "@/lib/aws/clients";

/** A target as a test stores it with a scan: a profile's name, no role, AWS's own endpoints. */
export const plainTarget = (profile: string | null = "p"): AwsTarget => ({
  profile,
  roleArn: null,
  externalId: null,
  sessionName: null,
  region: "us-east-1",
  endpointUrl: null,
  stsEndpointUrl: null,
  forcePathStyle: false,
});
