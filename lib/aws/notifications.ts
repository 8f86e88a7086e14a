import "server-only";
import {
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
} from "@aws-sdk/client-s3";
import { CreateTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { credentialsFor, s3For, type AwsTarget } from "@/lib/aws/clients";
import type { NotificationConfiguration } from "@/lib/watch/setup-plan";

/** The bucket's notification configuration as it is (every kind of entry), to be merged rather than replaced. */
export async function readNotification(
  target: AwsTarget,
  bucket: string,
): Promise<NotificationConfiguration> {
  const out = await s3For(target).send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
  const config: NotificationConfiguration = {};
  if (out.TopicConfigurations?.length)
    config.TopicConfigurations = out.TopicConfigurations.map((t) => ({
      ...(t.Id ? { Id: t.Id } : {}),
      TopicArn: t.TopicArn!,
      Events: (t.Events ?? []).map(String),
      ...(t.Filter ? { Filter: t.Filter } : {}),
    }));
  if (out.QueueConfigurations?.length)
    config.QueueConfigurations = out.QueueConfigurations.map((t) => ({
      ...(t.Id ? { Id: t.Id } : {}),
      QueueArn: t.QueueArn!,
      Events: (t.Events ?? []).map(String),
      ...(t.Filter ? { Filter: t.Filter } : {}),
    }));
  if (out.LambdaFunctionConfigurations?.length)
    config.LambdaFunctionConfigurations = out.LambdaFunctionConfigurations;
  if (out.EventBridgeConfiguration) config.EventBridgeConfiguration = {};
  return config;
}

export async function writeNotification(
  target: AwsTarget,
  bucket: string,
  config: NotificationConfiguration,
): Promise<void> {
  await s3For(target).send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: config as never,
    }),
  );
}

/**
 * Creates (or updates: the call is idempotent) a Ceph gateway topic that pushes to `pushEndpoint`, through the
 * gateway's SNS-compatible API; answers the topic's ARN as the gateway names it.
 */
export async function createGatewayTopic(
  target: AwsTarget,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const sns = new SNSClient({
    region: target.region,
    credentials: credentialsFor(target),
    ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
  });
  try {
    const out = await sns.send(new CreateTopicCommand({ Name: name, Attributes: attributes }));
    return out.TopicArn!;
  } finally {
    sns.destroy();
  }
}

/** The account an identity belongs to (the bucket owner's, for ARNs and conditions of the setup). */
export async function accountIdOf(target: AwsTarget): Promise<string | null> {
  const sts = new STSClient({
    region: target.region,
    credentials: credentialsFor(target),
    ...(target.stsEndpointUrl ? { endpoint: target.stsEndpointUrl } : {}),
  });
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return out.Account && /^\d{12}$/.test(out.Account) ? out.Account : null;
  } catch {
    return null;
  } finally {
    sts.destroy();
  }
}
