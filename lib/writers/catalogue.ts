// The tools that write objects into S3, each with how its requests are recognised (its User-Agent, the role session
// name a managed service uses, the service that invoked the request) and the exact setting that makes it send
// bucket-owner-full-control, with where that setting is documented. The order matters: a tool built on another
// names both in its User-Agent (Airflow's carries boto3's; S3A's carries the Java SDK's), so the more specific comes
// first. lib/writers/catalogue.test.ts holds real strings for each entry, with where each was published.

export type Tool = {
  id: string;
  name: string;
  /** The User-Agent's mark of the tool; the group `version` is its version. */
  agent?: RegExp;
  /** A role session name the service always uses. */
  session?: RegExp;
  /** The service that makes the request on the writer's behalf (CloudTrail's invokedBy). */
  invokedBy?: string;
  /** The job or run an orchestrator puts in its User-Agent. */
  job?: (userAgent: string) => string | null;
  fix: {
    /** Where the setting goes. */
    where: string;
    /** One line, ready to copy. */
    example: string;
    /** The documentation that states it. */
    source: string;
  };
};

const versionAfter = (mark: string) => new RegExp(`\\b${mark}\\/v?(?<version>\\d[\\w.+-]*)`);

export const TOOLS: Tool[] = [
  {
    id: "airflow",
    name: "Apache Airflow (Amazon provider)",
    agent: /\bAirflow\/(?<version>\d[\w.+-]*).*\bAmPP\//,
    job: (ua) => {
      const caller = /\bCaller\/(\S{1,128})/.exec(ua)?.[1];
      const run = /\bDagRunKey\/(\S{1,128})/.exec(ua)?.[1];
      return caller || run ? [caller, run && `DAG run key ${run}`].filter(Boolean).join(", ") : null;
    },
    fix: {
      where: "the S3Hook call (or the operator's argument) that uploads",
      example: 's3_hook.load_file(filename, key, bucket_name=bucket, acl_policy="bucket-owner-full-control")',
      source:
        "https://airflow.apache.org/docs/apache-airflow-providers-amazon/stable/_api/airflow/providers/amazon/aws/hooks/s3/index.html",
    },
  },
  {
    id: "terraform",
    name: "Terraform (AWS provider)",
    agent: versionAfter("Terraform"),
    fix: {
      where: "the aws_s3_object resource",
      example:
        'resource "aws_s3_object" "x" { bucket = "BUCKET" key = "KEY" acl = "bucket-owner-full-control" }',
      source: "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_object#acl",
    },
  },
  {
    id: "hadoop-s3a",
    name: "Hadoop S3A (Spark, Hive, Databricks, EMR 7.10+)",
    agent: /\bHadoop (?<version>\d[\w.-]*), aws-sdk-java\//,
    fix: {
      where: "the job's Hadoop configuration (core-site.xml, or spark.hadoop.* on a Spark job or cluster)",
      example: "spark.hadoop.fs.s3a.acl.default=BucketOwnerFullControl",
      source: "https://hadoop.apache.org/docs/stable/hadoop-aws/tools/hadoop-aws/index.html",
    },
  },
  {
    id: "rclone",
    name: "rclone",
    agent: /^rclone\/v(?<version>\d[\w.+-]*)/,
    fix: {
      where: "the S3 remote's configuration (or the command line)",
      example: "acl = bucket-owner-full-control   (or: rclone copy --s3-acl bucket-owner-full-control …)",
      source: "https://rclone.org/s3/#s3-acl",
    },
  },
  {
    id: "aws-cli",
    name: "AWS CLI",
    agent: versionAfter("aws-cli"),
    job: (ua) => /\b(?:md\/command#|command\/)([\w.-]{1,64})/.exec(ua)?.[1] ?? null,
    fix: {
      where: "every aws s3 cp / sync / mv (or aws s3api put-object) that writes to the bucket",
      example: "aws s3 cp FILE s3://BUCKET/KEY --acl bucket-owner-full-control",
      source: "https://docs.aws.amazon.com/cli/latest/reference/s3/cp.html",
    },
  },
  {
    id: "boto3",
    name: "boto3 (Python)",
    agent: versionAfter("Boto3"),
    fix: {
      where: "the upload call",
      example: 's3.upload_file(path, bucket, key, ExtraArgs={"ACL": "bucket-owner-full-control"})',
      source: "https://boto3.amazonaws.com/v1/documentation/api/latest/reference/customizations/s3.html",
    },
  },
  {
    id: "aws-sdk-js-v3",
    name: "AWS SDK for JavaScript v3",
    agent: /\baws-sdk-js\/(?<version>3[\w.+-]*)/,
    fix: {
      where: "the PutObjectCommand (or lib-storage Upload) parameters",
      example: 'new PutObjectCommand({ Bucket, Key, Body, ACL: "bucket-owner-full-control" })',
      source: "https://docs.aws.amazon.com/AWSJavaScriptSDK/v3/latest/client/s3/command/PutObjectCommand/",
    },
  },
  {
    id: "aws-sdk-js-v2",
    name: "AWS SDK for JavaScript v2",
    agent: /\baws-sdk-nodejs\/(?<version>2[\w.+-]*)/,
    fix: {
      where: "the putObject / upload parameters",
      example: 's3.upload({ Bucket, Key, Body, ACL: "bucket-owner-full-control" })',
      source: "https://docs.aws.amazon.com/AWSJavaScriptSDK/latest/AWS/S3.html#putObject-property",
    },
  },
  {
    id: "aws-sdk-java-v2",
    name: "AWS SDK for Java 2.x",
    agent: /\baws-sdk-java\/(?<version>2\.[\w.+-]*)/,
    fix: {
      where: "the PutObjectRequest builder",
      example:
        "PutObjectRequest.builder().bucket(b).key(k).acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL).build()",
      source:
        "https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/services/s3/model/ObjectCannedACL.html",
    },
  },
  {
    id: "aws-sdk-java-v1",
    name: "AWS SDK for Java 1.x",
    agent: /\baws-sdk-java\/(?<version>1\.[\w.+-]*)/,
    fix: {
      where: "the PutObjectRequest",
      example:
        "new PutObjectRequest(b, k, file).withCannedAcl(CannedAccessControlList.BucketOwnerFullControl)",
      source:
        "https://docs.aws.amazon.com/AWSJavaSDK/latest/javadoc/com/amazonaws/services/s3/model/CannedAccessControlList.html",
    },
  },
  {
    id: "aws-sdk-go",
    name: "AWS SDK for Go",
    agent: /\baws-sdk-go(?:-v2)?\/(?<version>\d[\w.+-]*)/,
    fix: {
      where: "the PutObjectInput",
      example:
        "&s3.PutObjectInput{Bucket: b, Key: k, Body: r, ACL: types.ObjectCannedACLBucketOwnerFullControl}",
      source: "https://pkg.go.dev/github.com/aws/aws-sdk-go-v2/service/s3/types#ObjectCannedACL",
    },
  },
  {
    id: "botocore",
    name: "botocore (Python)",
    agent: /\bBotocore\/(?<version>\d[\w.+-]*)/i,
    fix: {
      where: "the PutObject call",
      example: 'client.put_object(Bucket=bucket, Key=key, Body=body, ACL="bucket-owner-full-control")',
      source:
        "https://botocore.amazonaws.com/v1/documentation/api/latest/reference/services/s3/client/put_object.html",
    },
  },
  {
    id: "firehose",
    name: "Amazon Data Firehose",
    session: /^AWSFirehoseToS3\w*$/,
    fix: {
      where: "the destination bucket (Firehose has no ACL setting of its own)",
      example:
        "aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
      source: "https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html",
    },
  },
  {
    id: "glue",
    name: "AWS Glue job",
    session: /^GlueJobRunnerSession$/,
    invokedBy: "glue.amazonaws.com",
    fix: {
      where: "the job's parameters (Spark configuration of the Glue job)",
      example: "--conf spark.hadoop.fs.s3.canned.acl=BucketOwnerFullControl",
      source: "https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-glue-arguments.html",
    },
  },
  {
    id: "dms",
    name: "AWS DMS (S3 target)",
    session: /^dms-session-for-replication-engine$/,
    fix: {
      where: "the S3 target endpoint's settings",
      example:
        "aws dms modify-endpoint --endpoint-arn ARN --s3-settings CannedAclForObjects=BUCKET_OWNER_FULL_CONTROL",
      source:
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dms-endpoint-s3settings.html",
    },
  },
  {
    id: "redshift",
    name: "Amazon Redshift (UNLOAD)",
    session: /^RedshiftIamRoleSession$/,
    fix: {
      where: "the destination bucket (UNLOAD has no ACL option)",
      example:
        "aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
      source: "https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html",
    },
  },
  {
    id: "athena",
    name: "Amazon Athena (query results)",
    invokedBy: "athena.amazonaws.com",
    fix: {
      where: "the workgroup's (or the query's) result configuration",
      example:
        "aws athena update-work-group --work-group WG --configuration-updates 'ResultConfigurationUpdates={AclConfiguration={S3AclOption=BUCKET_OWNER_FULL_CONTROL}}'",
      source: "https://docs.aws.amazon.com/athena/latest/APIReference/API_AclConfiguration.html",
    },
  },
];

/** Every tool's setting, including those no request names (they are looked up by a writer's stated tool). */
export const toolById = new Map(TOOLS.map((t) => [t.id, t]));

export type Identified = { tool: Tool; version: string | null; job: string | null };

/**
 * The tool behind a write, from what its request carried; null when nothing known matches, and the agent is then
 * shown as it is. A managed service's session name or invoking service wins over the agent: the service writes
 * with an SDK of its own, which would otherwise be named instead.
 */
export function identify(request: {
  userAgent: string | null;
  session: string | null;
  invokedBy: string | null;
}): Identified | null {
  for (const tool of TOOLS) {
    if (tool.session && request.session && tool.session.test(request.session))
      return { tool, version: null, job: null };
    if (tool.invokedBy && request.invokedBy === tool.invokedBy) return { tool, version: null, job: null };
  }
  const ua = request.userAgent;
  if (!ua) return null;
  for (const tool of TOOLS) {
    const m = tool.agent?.exec(ua);
    if (m) return { tool, version: m.groups?.version?.slice(0, 64) ?? null, job: tool.job?.(ua) ?? null };
  }
  return null;
}
