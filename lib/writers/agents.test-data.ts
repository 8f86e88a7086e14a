// Real requests' marks, each with where it was published, for the catalogue's known-answer tests. Strings are copied
// as published; `captured: false` marks the few whose exact form comes from the tool's own source code or an
// operator's report rather than a published capture (said why beside each).

export type AgentSample = {
  userAgent?: string;
  session?: string;
  invokedBy?: string;
  tool: string;
  version?: string | null;
  job?: string | null;
  source: string;
  captured?: false;
};

export const SAMPLES: AgentSample[] = [
  {
    userAgent:
      "aws-cli/2.15.53 md/awscrt#0.19.19 ua/2.0 os/macos#22.6.0 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#s3.cp",
    tool: "aws-cli",
    version: "2.15.53",
    job: "s3.cp",
    source:
      "https://github.com/trinodb/aws-proxy/blob/a00b37d1439951b3c384c056386dff0f4bfca510/trino-s3-proxy/src/test/java/io/trino/s3/proxy/server/TestGenericRestRequests.java",
  },
  {
    userAgent: "aws-cli/2.8.10 Python/3.9.11 Windows/10 exe/AMD64 prompt/off command/s3.cp",
    tool: "aws-cli",
    version: "2.8.10",
    job: "s3.cp",
    source: "https://github.com/aws/aws-cli/issues/7515",
  },
  {
    userAgent:
      "aws-cli/1.24.10 Python/3.7.12 Linux/4.14.255-276-224.499.amzn2.x86_64 exec-env/AWS_Lambda_python3.7 botocore/1.26.10",
    tool: "aws-cli",
    version: "1.24.10",
    job: null,
    source:
      "a Lambda layer's README printing `aws --version` (aws-cli v1's format), found in public GitHub code",
  },
  {
    userAgent: "[Boto3/1.17.18 Python/3.9.2 Darwin/18.7.0 Botocore/1.20.18 my_user_agent/2.5.0]",
    tool: "boto3",
    version: "1.17.18",
    source: "https://github.com/boto/botocore/issues/2318",
  },
  {
    userAgent:
      "Boto3/1.39.7 md/Botocore#1.39.17 ua/2.1 os/linux#5.10.245-269.978.amzn2.aarch64 md/arch#aarch64 lang/python#3.12.12 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 m/b,D,Z cfg/retry-mode#legacy Botocore/1.39.17",
    tool: "boto3",
    version: "1.39.7",
    source:
      "a Lambda's botocore DEBUG log of an S3 GetObject (exported CloudWatch Logs), in public GitHub code",
  },
  {
    userAgent:
      "aws-sdk-js/3.922.0 ua/2.1 os/darwin#24.6.0 lang/js md/nodejs#22.19.0 api/bedrock-runtime#3.922.0 m/E,e app/RooCode#3.30.1",
    tool: "aws-sdk-js-v3",
    version: "3.922.0",
    source: "https://github.com/RooCodeInc/Roo-Code/pull/9043",
  },
  {
    userAgent:
      "[aws-sdk-nodejs/2.804.0 linux/v12.20.1 exec-env/AWS_Lambda_nodejs12.x AwsLabs/SO0128/2.4.0 promise]",
    tool: "aws-sdk-js-v2",
    version: "2.804.0",
    source: "https://github.com/awslabs/fhir-works-on-aws-persistence-ddb/pull/58",
  },
  {
    userAgent:
      "aws-sdk-java/2.20.160-SNAPSHOT Linux/5.10.216-225.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/11.0.23+9-LTS Java/11.0.23 vendor/Amazon.com_Inc. md/internal exec-env/AWS_Lambda_java11 io/sync http/Apache cfg/retry-mode/standard",
    tool: "aws-sdk-java-v2",
    version: "2.20.160-SNAPSHOT",
    source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-express-log-files.html",
  },
  {
    userAgent:
      "aws-internal/3 aws-sdk-java/1.12.414 Linux/5.10.165-126.735.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.362-b10 java/1.8.0_362 vendor/Oracle_Corporation cfg/retry-mode/standard",
    tool: "aws-sdk-java-v1",
    version: "1.12.414",
    source: "a CloudTrail record of an AWS-internal caller, in public GitHub code",
  },
  {
    userAgent:
      "Hadoop 3.3.4, aws-sdk-java/1.12.262 Linux/6.4.7-1-MANJARO OpenJDK_64-Bit_Server_VM/25.292-b10 java/1.8.0_292 scala/2.12.17 vendor/AdoptOpenJDK cfg/retry-mode/legacy",
    tool: "hadoop-s3a",
    version: "3.3.4",
    source:
      "https://github.com/MobileTeleSystems/onetl/blob/b448bbdb68cbc17ef823c5fbde957846d07457d6/docs/connection/file_df_connection/spark_s3/troubleshooting.rst",
  },
  {
    userAgent:
      "Hadoop 3.4.0-SNAPSHOT, aws-sdk-java/1.11.901 Mac_OS_X/10.16 OpenJDK_64-Bit_Server_VM/25.282-b08 java/1.8.0_282 vendor/AdoptOpenJDK",
    tool: "hadoop-s3a",
    version: "3.4.0-SNAPSHOT",
    source: "https://github.com/apache/hadoop/pull/2807",
  },
  {
    userAgent: "MyApp, Hadoop 2.8.0, aws-sdk-java/1.10.6",
    tool: "hadoop-s3a",
    version: "2.8.0",
    source:
      "https://docs.hortonworks.com/HDPDocuments/HDP2/HDP-2.6.4/bk_cloud-data-access/content/s3-user-agent-customization.html",
  },
  {
    userAgent:
      "APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/4.67.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.261 (go1.19.8; darwin; arm64) stratus-red-team_e18a63a7-3021-496d-bc36-39f3ebfe3c56 HashiCorp-terraform-exec/0.17.3",
    tool: "terraform",
    version: "1.1.2",
    source: "https://github.com/elastic/detection-rules/pull/3631",
  },
  {
    userAgent: "aws-sdk-go/1.10.18 (go1.8; linux; amd64) APN/1.0 HashiCorp/1.0 Terraform/0.9.8",
    tool: "terraform",
    version: "0.9.8",
    source: "https://github.com/hashicorp/terraform/issues/15770",
  },
  {
    userAgent: "[aws-sdk-go/1.1.0 (go1.5.2; darwin; amd64)]",
    tool: "aws-sdk-go",
    version: "1.1.0",
    source: "https://github.com/hashicorp/terraform/issues/5020",
  },
  {
    userAgent: "rclone/v1.55.1",
    tool: "rclone",
    version: "1.55.1",
    source: "https://github.com/rclone/rclone/issues/5553",
  },
  {
    userAgent: "rclone/v1.63.0-beta.7093.1d6f4d472.s3-encryption-v2-feature",
    tool: "rclone",
    version: "1.63.0-beta.7093.1d6f4d472.s3-encryption-v2-feature",
    source: "https://github.com/rclone/rclone/pull/7084",
  },
  {
    userAgent:
      "Boto3/1.26.0 Python/3.10.9 Linux/5.10.0 Botocore/1.29.0 Airflow/2.6.3 AmPP/8.2.0 Caller/S3CreateObjectOperator DagRunKey/2b6f1d5e-3c7a-5e0f-9d2b-7a1c0e4f8b93",
    tool: "airflow",
    version: "2.6.3",
    job: "S3CreateObjectOperator, DAG run key 2b6f1d5e-3c7a-5e0f-9d2b-7a1c0e4f8b93",
    source:
      "https://github.com/apache/airflow/pull/27823 (the format AwsGenericHook appends to boto3's agent)",
    captured: false, // no published capture with real values: the fields are as the provider's code writes them
  },
  {
    userAgent: "Botocore/1.29.0 Python/3.10.9 Linux/5.10.0",
    tool: "botocore",
    version: "1.29.0",
    source:
      "https://github.com/boto/botocore/pull/1101 (botocore's own agent, before boto3 prefixes its own)",
    captured: false, // botocore used alone; the format is botocore's user_agent code
  },
  {
    session: "AWSFirehoseToS3",
    tool: "firehose",
    source:
      "S3 event records and CloudTrail (assumed-role/firehose_delivery_to_S3_role/AWSFirehoseToS3) in public GitHub code",
  },
  {
    session: "GlueJobRunnerSession",
    tool: "glue",
    source:
      "an AccessDenied on s3:PutObject for assumed-role/…-glue-role/GlueJobRunnerSession, in public GitHub code",
  },
  {
    session: "dms-session-for-replication-engine",
    tool: "dms",
    source: "the session name operators report for DMS's S3 target writes",
    captured: false, // no public capture found
  },
  {
    session: "RedshiftIamRoleSession",
    tool: "redshift",
    source: "the session name operators report for Redshift's UNLOAD writes",
    captured: false, // no public capture found
  },
  {
    invokedBy: "athena.amazonaws.com",
    tool: "athena",
    source:
      "CloudTrail's userIdentity.invokedBy for a call a service makes on a user's behalf (CloudTrail record contents)",
    captured: false, // the field's meaning is documented; no published Athena record was found
  },
];

/** Agents no entry may claim: shown as they are. */
export const UNKNOWN_AGENTS = [
  "S3Console/0.4",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
  "curl/8.5.0",
  "MinIO (linux; amd64) minio-go/v7.0.63",
];
