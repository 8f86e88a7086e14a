import "server-only";
import http from "node:http";
import https from "node:https";
import { S3Client } from "@aws-sdk/client-s3";
import { S3ControlClient } from "@aws-sdk/client-s3-control";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsTarget } from "@/lib/connections/identities";

export type { AwsTarget };

type CredentialProvider = ReturnType<typeof fromIni>;

export type ClientOptions = {
  maxSockets?: number;
  /** 1 where the caller retries itself (the scan engine, whose concurrency control must see every 503). */
  maxAttempts?: number;
  /** Address buckets of this Ceph tenant as "tenant:bucket" (see bucketTenantFor). */
  bucketTenant?: string | null;
};

/**
 * The tenant to address a bucket by when another account acts on it, on S3-compatible storage only. Ceph's gateway
 * gives a tenant's user the canonical ID "tenant$user" and resolves a bare bucket name in the caller's own tenant,
 * so a writer fixing its object in another tenant's bucket names it "tenant:bucket". AWS canonical IDs are 64 hex
 * digits and bucket names are global: nothing changes there.
 */
export function bucketTenantFor(target: AwsTarget, bucketOwnerId: string): string | null {
  if (!target.endpointUrl) return null;
  return /^([A-Za-z0-9_]{1,64})\$[^$]+$/.exec(bucketOwnerId)?.[1] ?? null;
}

function addressBucketsInTenant(client: S3Client, tenant: string): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Bucket?: unknown; CopySource?: unknown };
      if (typeof input.Bucket === "string" && !input.Bucket.includes(":")) {
        if (typeof input.CopySource === "string" && input.CopySource.startsWith(`${input.Bucket}/`))
          input.CopySource = `${tenant}:${input.CopySource}`;
        input.Bucket = `${tenant}:${input.Bucket}`;
      }
      return next(args);
    },
    { step: "initialize", name: "ownerscopeBucketTenant", priority: "high" },
  );
}

/**
 * Credentials by the standard chain: a named profile (which may itself be a role_arn + source_profile), else the
 * default chain, then an optional role on top. Roles are assumed at the target's own STS endpoint, AWS's unless one
 * is set: the S3 endpoint is never used for STS, so base credentials are not sent to a host typed for S3 alone.
 */
export function credentialsFor(target: AwsTarget): CredentialProvider {
  const clientConfig = {
    region: target.region,
    ...(target.stsEndpointUrl ? { endpoint: target.stsEndpointUrl } : {}),
  };
  const base = target.profile
    ? fromIni({ profile: target.profile, clientConfig })
    : fromNodeProviderChain({ clientConfig });
  if (!target.roleArn) return base;
  // fromTemporaryCredentials refreshes before expiry, so a scan longer than one role session keeps going.
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: target.roleArn,
      RoleSessionName: target.sessionName ?? "ownerscope",
      ...(target.externalId ? { ExternalId: target.externalId } : {}),
    },
    clientConfig,
  });
}

/**
 * Ceph RGW ignores AWS's x-amz-copy-source-if-match and honours only its older x-amz-copy-if-match (measured on the lab). On
 * S3-compatible endpoints every conditional copy sends both, so the no-clobber guard holds there too.
 */
function addLegacyCopyConditions(client: S3Client): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { CopySourceIfMatch?: string };
      const request = args.request as { headers?: Record<string, string> };
      if (input.CopySourceIfMatch && request.headers)
        request.headers["x-amz-copy-if-match"] = input.CopySourceIfMatch;
      return next(args);
    },
    { step: "build", name: "ownerscopeLegacyCopyIfMatch" },
  );
}

function createS3Client(target: AwsTarget, options: ClientOptions): S3Client {
  const maxSockets = options.maxSockets ?? 50;
  const client = new S3Client({
    region: target.region,
    credentials: credentialsFor(target),
    ...(target.endpointUrl ? { endpoint: target.endpointUrl } : {}),
    forcePathStyle: target.forcePathStyle || Boolean(target.endpointUrl),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    // One connection sees buckets of every region (ListBuckets lists them all): follow S3's 301 to the bucket's own.
    followRegionRedirects: true,
    // Sized to our own concurrency on both agents: http endpoints use httpAgent, https ones httpsAgent.
    requestHandler: {
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
    },
  });
  if (target.endpointUrl) addLegacyCopyConditions(client);
  if (options.bucketTenant) addressBucketsInTenant(client, options.bucketTenant);
  rememberBucketRegions(client);
  return client;
}

/**
 * The SDK follows a region redirect one request at a time: every later request to that bucket would be sent to the
 * wrong region first and redirected again (twice the requests for a whole scan). Once a bucket's region is learnt,
 * later requests start there. This primes the SDK's own redirect field; if a later SDK renames it, requests are
 * still redirected, only not remembered.
 */
function rememberBucketRegions(client: S3Client) {
  const regions = new Map<string, string>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const bucket = (args.input as { Bucket?: unknown }).Bucket;
      const redirect = context as { __s3RegionRedirect?: string };
      const known = typeof bucket === "string" ? regions.get(bucket) : undefined;
      if (known) redirect.__s3RegionRedirect = known;
      const output = await next(args);
      if (typeof bucket === "string" && !known && redirect.__s3RegionRedirect)
        regions.set(bucket, redirect.__s3RegionRedirect);
      return output;
    },
    { step: "initialize", name: "ownerscopeBucketRegions", priority: "high" },
  );
}

const globalForClients = globalThis as unknown as { ownerscopeS3Clients?: Map<string, S3Client> };

/** One cached S3 client per identity, endpoint and socket budget. */
export function s3For(target: AwsTarget, options: ClientOptions = {}): S3Client {
  const clients = (globalForClients.ownerscopeS3Clients ??= new Map());
  const key = JSON.stringify([
    target.profile,
    target.roleArn,
    target.externalId,
    target.sessionName,
    target.region,
    target.endpointUrl,
    target.stsEndpointUrl,
    target.forcePathStyle,
    options.maxSockets ?? 50,
    options.maxAttempts ?? 0,
    options.bucketTenant ?? null,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = createS3Client(target, options);
    clients.set(key, client);
  }
  return client;
}

const globalForControl = globalThis as unknown as {
  ownerscopeS3ControlClients?: Map<string, S3ControlClient>;
};

/**
 * One cached S3 Control client (Batch Operations) per identity and endpoint. On a custom endpoint the account ID
 * travels only in its header: the SDK's endpoint rules would otherwise make it part of the host name.
 */
export function s3ControlFor(target: AwsTarget): S3ControlClient {
  const clients = (globalForControl.ownerscopeS3ControlClients ??= new Map());
  const key = JSON.stringify([
    target.profile,
    target.roleArn,
    target.externalId,
    target.region,
    target.endpointUrl,
    target.stsEndpointUrl,
  ]);
  let client = clients.get(key);
  if (!client) {
    client = new S3ControlClient({
      region: target.region,
      credentials: credentialsFor(target),
      // The S3 Control rules put the account ID in front of the host; a custom endpoint is taken as it is.
      ...(target.endpointUrl
        ? { endpointProvider: () => ({ url: new URL(target.endpointUrl!) }), disableHostPrefix: true }
        : {}),
    });
    clients.set(key, client);
  }
  return client;
}
