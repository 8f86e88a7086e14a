import { z } from "zod";
import { roles } from "@/lib/auth/roles";

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

export const shareViewSchema = z
  .object({
    status: z.string().max(200).optional(),
    owner: z.string().max(128).optional(),
    q: z.string().max(256).optional(),
    foreign: z.enum(["1"]).optional(),
  })
  .strict();

export const newShareSchema = z.object({
  scanId: z.number().int().positive(),
  view: shareViewSchema.default({}),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
});

export const shareTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "not a share link");
