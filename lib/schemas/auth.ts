import { z } from "zod";
import { roles, type Role } from "@/lib/auth/roles";
import { findingsViewFields, findingsViewSchema } from "@/lib/schemas/scan";

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[\w.@+-]{2,64}$/, "use 2-64 letters, digits and . @ + - _");
const password = z.string().min(1).max(1024);

export const loginSchema = z.object({ username: usernameSchema, password });
export const bootstrapSchema = z.object({
  token: z.string().min(16).max(512),
  username: usernameSchema,
  password,
});
export const passwordChangeSchema = z.object({ current: password, next: password });
export const newUserSchema = z.object({ username: usernameSchema, role: z.enum(roles), password });

/** A share link's view: the findings view's URL fields, as strings, checked again when the link is read. */
const shareViewSchema = z
  .object(Object.fromEntries(findingsViewFields.map((f) => [f, z.string().max(1024).optional()])))
  .strict()
  .refine((v) => findingsViewSchema.safeParse(v).success, "not a valid findings view");

export const newShareSchema = z.object({
  scanId: z.number().int().positive(),
  view: shareViewSchema.default({}),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    // At most 7 days (the README says so): a link outlives no week of the view it shows.
    .max(24 * 7)
    .default(24 * 7),
});

export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a share link");

export const unlockSchema = z.object({ username: usernameSchema });

export const disableSchema = z.object({ username: usernameSchema, disabled: z.boolean() });

/** A user as the server stores it and the Users screen shows it (never the password's hash). */
export type User = {
  id: number;
  username: string;
  role: Role;
  hasPassword: boolean;
  createdAt: string;
  disabled: boolean;
};
