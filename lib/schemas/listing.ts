import { z } from "zod";

/** Bucket names as S3 accepts them (3-63 characters; RGW and old buckets allow a little more, so stay loose). */
export const bucketNameSchema = z
  .string()
  .min(3)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "not a valid bucket name");

export const listObjectsQuerySchema = z.object({
  prefix: z.string().max(1024).default(""),
  cursor: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export type OwnerDto = { id: string | null; name: string | null; isBucketOwner: boolean; foreign: boolean };

export type ObjectRowDto = {
  key: string;
  name: string;
  size: number;
  lastModified: string | null;
  storageClass: string;
  owner: OwnerDto;
};

export type ObjectListingDto = {
  connectionId: string;
  bucket: string;
  prefix: string;
  bucketOwner: { id: string; name: string | null };
  folders: { prefix: string; name: string }[];
  objects: ObjectRowDto[];
  nextCursor: string | null;
};

export type BucketDto = { name: string; createdAt: string | null };
export type ConnectionDto = { id: string; name: string; endpointUrl: string | null; region: string };
