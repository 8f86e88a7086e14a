import { createHash } from "node:crypto";
import { shellQuote as q } from "@/lib/format";

export const watchSources = ["gateway", "sns", "eventbridge", "sqs"] as const;
export type WatchSourceKind = (typeof watchSources)[number];

// Ownerscope's own entry in a bucket's notification configuration, so that setting up again replaces only it.
export const NOTIFICATION_ID = "ownerscope-watch";

export type SetupInput = {
  kind: WatchSourceKind;
  bucket: string;
  /** The bucket owner's account ID (for SNS, SQS and EventBridge ARNs and conditions); null on the gateway. */
  accountId: string | null;
  region: string;
  /** The gateway's endpoint, for the gateway's commands. */
  endpointUrl: string | null;
  /** Where the intake listens, as the sender reaches it, without the secret. */
  intakeUrl: string;
  secret: string;
  /** The bucket's notification configuration now, so that the one written keeps everything else in it. */
  existing: NotificationConfiguration;
  /** The gateway topic's ARN as the gateway answered it (its region part is the zonegroup's name). */
  gatewayTopicArn?: string;
};

export type NotificationConfiguration = {
  TopicConfigurations?: { Id?: string; TopicArn: string; Events: string[] }[];
  QueueConfigurations?: { Id?: string; QueueArn: string; Events: string[] }[];
  LambdaFunctionConfigurations?: unknown[];
  EventBridgeConfiguration?: Record<string, never>;
};

export type SetupPlan = {
  kind: WatchSourceKind;
  /** The names this setup creates (topic, queue, rule…), for the status page. */
  names: Record<string, string>;
  notification: NotificationConfiguration;
  /** Every other JSON document the commands use (policies, patterns), by name. */
  documents: Record<string, unknown>;
  commands: string[];
  notes: string[];
};

/**
 * A name SNS, SQS, EventBridge and IAM all accept (letters, digits, hyphens; at most 64 characters), its own to each
 * bucket: a hash of the whole name tells apart "a.b" from "a-b", and long names that share their beginning.
 */
export function resourceName(bucket: string): string {
  const hash = createHash("sha256").update(bucket).digest("hex").slice(0, 8);
  return `ownerscope-watch-${bucket.replace(/[^A-Za-z0-9-]/g, "-").slice(0, 38)}-${hash}`;
}

/** The bucket's configuration with Ownerscope's entry (of the given kind) in place of any earlier one. */
export function mergeNotification(
  existing: NotificationConfiguration,
  entry: { topicArn?: string; queueArn?: string; eventBridge?: boolean },
): NotificationConfiguration {
  const events = ["s3:ObjectCreated:*"];
  const topics = (existing.TopicConfigurations ?? []).filter((t) => t.Id !== NOTIFICATION_ID);
  const queues = (existing.QueueConfigurations ?? []).filter((t) => t.Id !== NOTIFICATION_ID);
  if (entry.topicArn) topics.push({ Id: NOTIFICATION_ID, TopicArn: entry.topicArn, Events: events });
  if (entry.queueArn) queues.push({ Id: NOTIFICATION_ID, QueueArn: entry.queueArn, Events: events });
  const merged: NotificationConfiguration = { ...existing };
  delete merged.TopicConfigurations;
  delete merged.QueueConfigurations;
  if (topics.length) merged.TopicConfigurations = topics;
  if (queues.length) merged.QueueConfigurations = queues;
  if (entry.eventBridge) merged.EventBridgeConfiguration = {};
  return merged;
}

/** The intake's URL with the secret as its token (for senders that can only be given a URL). */
export const intakeUrlWithSecret = (intakeUrl: string, secret: string) =>
  `${intakeUrl}${intakeUrl.includes("?") ? "&" : "?"}token=${encodeURIComponent(secret)}`;

/**
 * Everything that feeds the intake for one bucket, as JSON and as aws CLI commands run as the bucket owner. Every
 * value in a command is shell-quoted, whatever checked it before.
 */
export function setupPlan(input: SetupInput): SetupPlan {
  const name = resourceName(input.bucket);
  const bucketArn = `arn:aws:s3:::${input.bucket}`;
  const account = input.accountId ?? "";
  const pushUrl = intakeUrlWithSecret(input.intakeUrl, input.secret);
  const put = (n: NotificationConfiguration, prefix = "aws") =>
    `${prefix} s3api put-bucket-notification-configuration --bucket ${q(input.bucket)} --notification-configuration ${q(JSON.stringify(n))}`;
  const notes = [
    "put-bucket-notification-configuration replaces the whole configuration: the one here keeps every entry the bucket had when this was made.",
  ];
  return planners[input.kind](input, { name, bucketArn, account, pushUrl, put, notes });
}

/** What every feed's plan shares: the resources' name, the bucket's ARN, the intake's address, the notification. */
type Shared = {
  name: string;
  bucketArn: string;
  account: string;
  pushUrl: string;
  put: (n: NotificationConfiguration, prefix?: string) => string;
  notes: string[];
};

/** The Ceph gateway's push topic, which Ownerscope can write itself. */
function gatewayPlan(input: SetupInput, { name, pushUrl, put, notes }: Shared): SetupPlan {
  const topicArn = input.gatewayTopicArn ?? `arn:aws:sns:default::${name}`;
  const notification = mergeNotification(input.existing, { topicArn });
  const ep = `aws --endpoint-url ${q(input.endpointUrl ?? "")}`;
  const attributes = { "push-endpoint": pushUrl };
  return {
    kind: "gateway",
    names: { topic: name, topicArn },
    notification,
    documents: { topicAttributes: attributes },
    commands: [
      `${ep} sns create-topic --name ${q(name)} --attributes ${q(JSON.stringify(attributes))}`,
      put(notification, ep),
    ],
    notes: [
      ...notes,
      "The gateway pushes each event to the intake as the object is written; an event the intake misses (Ownerscope down) is not sent again: a scheduled rescan finds those objects.",
      "The topic's ARN names the gateway's zonegroup (\"default\" here); use the TopicArn create-topic prints if it differs.",
    ],
  };
}

/** An SNS topic S3 publishes to, with an HTTPS subscription to the intake. */
function snsPlan(input: SetupInput, { name, bucketArn, account, pushUrl, put, notes }: Shared): SetupPlan {
  const topicArn = `arn:aws:sns:${input.region}:${account}:${name}`;
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "S3Publishes",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SNS:Publish",
        Resource: topicArn,
        Condition: {
          ArnLike: { "aws:SourceArn": bucketArn },
          StringEquals: { "aws:SourceAccount": account },
        },
      },
    ],
  };
  const notification = mergeNotification(input.existing, { topicArn });
  return {
    kind: "sns",
    names: { topic: name, topicArn },
    notification,
    documents: { topicPolicy: policy },
    commands: [
      `aws sns create-topic --region ${q(input.region)} --name ${q(name)}`,
      `aws sns set-topic-attributes --region ${q(input.region)} --topic-arn ${q(topicArn)} --attribute-name Policy --attribute-value ${q(JSON.stringify(policy))}`,
      `aws sns subscribe --region ${q(input.region)} --topic-arn ${q(topicArn)} --protocol https --notification-endpoint ${q(pushUrl)}`,
      put(notification),
    ],
    notes: [
      ...notes,
      "Ownerscope confirms the subscription itself when SNS calls the intake, and checks every message's SNS signature.",
      "The intake must be reachable from the internet over HTTPS; otherwise use an SQS queue, which Ownerscope polls.",
    ],
  };
}

/** EventBridge: a rule on the bucket's Object Created events, sent to the intake as an API destination. */
function eventbridgePlan(input: SetupInput, { name, account, put, notes }: Shared): SetupPlan {
  const pattern = {
    source: ["aws.s3"],
    "detail-type": ["Object Created"],
    detail: { bucket: { name: [input.bucket] } },
  };
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  };
  const destinationArn = `arn:aws:events:${input.region}:${account}:api-destination/${name}/*`;
  const invoke = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "events:InvokeApiDestination", Resource: destinationArn }],
  };
  const notification = mergeNotification(input.existing, { eventBridge: true });
  const r = `--region ${q(input.region)}`;
  const roleArn = `arn:aws:iam::${account}:role/${name}`;
  return {
    kind: "eventbridge",
    names: { rule: name, connection: name, apiDestination: name, role: name },
    notification,
    documents: { eventPattern: pattern, roleTrust: trust, rolePolicy: invoke },
    commands: [
      put(notification),
      `aws iam create-role --role-name ${q(name)} --assume-role-policy-document ${q(JSON.stringify(trust))}`,
      `aws iam put-role-policy --role-name ${q(name)} --policy-name invoke-ownerscope --policy-document ${q(JSON.stringify(invoke))}`,
      `aws events create-connection ${r} --name ${q(name)} --authorization-type API_KEY --auth-parameters ${q(JSON.stringify({ ApiKeyAuthParameters: { ApiKeyName: "X-Ownerscope-Token", ApiKeyValue: input.secret } }))}`,
      `CONNECTION_ARN=$(aws events describe-connection ${r} --name ${q(name)} --query ConnectionArn --output text)`,
      `aws events create-api-destination ${r} --name ${q(name)} --connection-arn "$CONNECTION_ARN" --invocation-endpoint ${q(input.intakeUrl)} --http-method POST`,
      `DESTINATION_ARN=$(aws events describe-api-destination ${r} --name ${q(name)} --query ApiDestinationArn --output text)`,
      `aws events put-rule ${r} --name ${q(name)} --event-pattern ${q(JSON.stringify(pattern))}`,
      `aws events put-targets ${r} --rule ${q(name)} --targets "Id=ownerscope,Arn=$DESTINATION_ARN,RoleArn=${roleArn.replace(/[^\w:/-]/g, "")}"`,
    ],
    notes: [
      ...notes,
      "EventBridge sends the secret as the X-Ownerscope-Token header (the connection's API key); the intake must be reachable over HTTPS.",
    ],
  };
}

/** An SQS queue S3 sends to, which Ownerscope polls (nothing has to reach it from outside). */
function sqsPlan(input: SetupInput, { name, bucketArn, account, put, notes }: Shared): SetupPlan {
  const queueArn = `arn:aws:sqs:${input.region}:${account}:${name}`;
  const queueUrl = `${input.endpointUrl ?? `https://sqs.${input.region}.amazonaws.com`}/${account}/${name}`;
  const queuePolicy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "S3Sends",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "SQS:SendMessage",
        Resource: queueArn,
        Condition: {
          ArnLike: { "aws:SourceArn": bucketArn },
          StringEquals: { "aws:SourceAccount": account },
        },
      },
    ],
  };
  const notification = mergeNotification(input.existing, { queueArn });
  return {
    kind: "sqs",
    names: { queue: name, queueArn, queueUrl },
    notification,
    documents: { queuePolicy },
    commands: [
      `aws sqs create-queue --region ${q(input.region)} --queue-name ${q(name)} --attributes ${q(JSON.stringify({ Policy: JSON.stringify(queuePolicy), MessageRetentionPeriod: "1209600" }))}`,
      put(notification),
    ],
    notes: [
      ...notes,
      "Ownerscope polls the queue with the connection's read identity (it needs sqs:ReceiveMessage and sqs:DeleteMessage on it); nothing has to reach Ownerscope from outside.",
    ],
  };
}

/** One planner per feed kind. */
const planners: Record<WatchSourceKind, (input: SetupInput, shared: Shared) => SetupPlan> = {
  gateway: gatewayPlan,
  sns: snsPlan,
  eventbridge: eventbridgePlan,
  sqs: sqsPlan,
};
