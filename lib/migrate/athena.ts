/**
 * For log volumes beyond one machine: the Athena tables over the bucket's server access logs and its CloudTrail
 * trail, and the queries that answer what Ownerscope's own reading answers (who relies on ACLs), to run in the
 * user's account. Names that come from the user are quoted for SQL; locations must be s3:// URLs.
 */
export type AthenaScripts = { accessLogs: string; cloudTrail: string };

// Hive's string literals take backslash escapes, not doubled quotes: anything that could end or bend one is refused
// (locations are checked by their schema too; this keeps the script right whoever calls it).
const sqlString = (value: string) => {
  if (/['"\\\u0000-\u001f\u007f]/.test(value))
    throw new Error("a value for the Athena script holds a quote, a backslash or a control character");
  return `'${value}'`;
};
const location = (url: string) => (url.endsWith("/") ? url : `${url}/`);

export function athenaScripts(input: {
  bucket: string;
  accessLogs: string | null;
  cloudTrail: string | null;
  since: string | null;
}): AthenaScripts {
  const since = input.since ?? "2000-01-01T00:00:00Z";
  const bucket = sqlString(input.bucket);
  const accessLogs = `-- S3 server access logs of ${input.bucket.replace(/[^\w.-]/g, "?")}
CREATE EXTERNAL TABLE IF NOT EXISTS ownerscope_access_logs (
  bucketowner STRING, bucket_name STRING, requestdatetime STRING, remoteip STRING, requester STRING,
  requestid STRING, operation STRING, key STRING, request_uri STRING, httpstatus STRING, errorcode STRING,
  bytessent BIGINT, objectsize BIGINT, totaltime STRING, turnaroundtime STRING, referrer STRING, useragent STRING,
  versionid STRING, hostid STRING, sigv STRING, ciphersuite STRING, authtype STRING, endpoint STRING,
  tlsversion STRING, accesspointarn STRING, aclrequired STRING)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES ('input.regex'='([^ ]*) ([^ ]*) \\\\[(.*?)\\\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\\"[^\\"]*\\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\\"[^\\"]*\\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$')
STORED AS TEXTFILE
LOCATION ${sqlString(location(input.accessLogs ?? "s3://LOG-BUCKET/LOG-PREFIX/"))};

-- Who still relies on ACLs, per requester: reads and writes an ACL authorized, and ACL writes.
SELECT requester,
  count(*) AS requests,
  count_if(aclrequired = 'Yes' AND operation LIKE 'REST.GET.%') AS reads_through_acl,
  count_if(aclrequired = 'Yes' AND operation NOT LIKE 'REST.GET.%' AND operation NOT LIKE 'REST.HEAD.%') AS writes_through_acl,
  count_if(operation LIKE 'REST.PUT.ACL%') AS acl_writes,
  min(parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z')) AS first_seen,
  max(parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z')) AS last_seen,
  array_agg(DISTINCT operation) AS operations
FROM ownerscope_access_logs
WHERE bucket_name = ${bucket}
  AND parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z') >= from_iso8601_timestamp(${sqlString(since)})
GROUP BY requester
HAVING count_if(aclrequired = 'Yes') + count_if(operation LIKE 'REST.PUT.ACL%') > 0
ORDER BY requests DESC;
`;
  const cloudTrail = `-- CloudTrail data events (S3 object-level logging)
CREATE EXTERNAL TABLE IF NOT EXISTS ownerscope_cloudtrail (
  eventversion STRING,
  useridentity STRUCT<type: STRING, principalid: STRING, arn: STRING, accountid: STRING>,
  eventtime STRING, eventsource STRING, eventname STRING, awsregion STRING, sourceipaddress STRING,
  useragent STRING, errorcode STRING, errormessage STRING, requestparameters STRING,
  responseelements STRING, additionaleventdata STRING, requestid STRING, eventid STRING, readonly STRING,
  resources ARRAY<STRUCT<arn: STRING, accountid: STRING, type: STRING>>, eventtype STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION ${sqlString(location(input.cloudTrail ?? "s3://TRAIL-BUCKET/AWSLogs/ACCOUNT-ID/CloudTrail/"))};

-- Who still relies on ACLs, per identity: requests an ACL authorized, and ACLs sent other than bucket-owner-full-control.
SELECT coalesce(useridentity.arn, useridentity.accountid, useridentity.principalid) AS requester,
  useridentity.accountid AS account,
  count(*) AS requests,
  count_if(json_extract_scalar(additionaleventdata, '$.aclRequired') = 'Yes') AS through_acl,
  count_if(coalesce(json_extract_scalar(requestparameters, '$["x-amz-acl"]'), 'bucket-owner-full-control')
    <> 'bucket-owner-full-control') AS other_acl_sent,
  array_agg(DISTINCT eventname) AS operations,
  min(eventtime) AS first_seen, max(eventtime) AS last_seen
FROM ownerscope_cloudtrail
WHERE eventsource = 's3.amazonaws.com'
  AND json_extract_scalar(requestparameters, '$.bucketName') = ${bucket}
  AND eventtime >= ${sqlString(since)}
GROUP BY 1, 2
HAVING count_if(json_extract_scalar(additionaleventdata, '$.aclRequired') = 'Yes') > 0
  OR count_if(coalesce(json_extract_scalar(requestparameters, '$["x-amz-acl"]'), 'bucket-owner-full-control')
    <> 'bucket-owner-full-control') > 0
ORDER BY requests DESC;
`;
  return { accessLogs, cloudTrail };
}
