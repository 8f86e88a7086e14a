import "server-only";
import { readBody } from "@/lib/api/body";
import { assertSameOrigin, errorResponse } from "@/lib/api/failure";
import { requireRole, userOf } from "@/lib/api/session";
import type { Role } from "@/lib/auth/roles";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/db/auth";

/** Who may call a route: a role (checked against the session on the server), or anyone ("public"). */
export type Access = Role | "public";

/**
 * Wraps a route handler: same-origin check for mutations, the role check on the server, and every failure in the
 * one error shape `{ error: { code, message } }`.
 */
export function handle<C>(
  access: Access,
  fn: (request: Request, context: C, user: User | null) => Promise<Response>,
) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      assertSameOrigin(request.method, (name) => request.headers.get(name));
      const user = userOf(getDb(), request);
      if (access !== "public") requireRole(user, access);
      return await fn(request, context, user);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Query-string parameters as a plain object, for zod. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

export { readJson } from "@/lib/api/body";

/** The request's form fields (application/x-www-form-urlencoded), refused when the body is too large. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(request));
}

/** A body streamed from lines made on demand (a manifest, a snapshot): a few thousand lines per chunk, never all. */
export function streamLines(lines: Iterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      let chunk = "";
      for (let i = 0; i < 2_000; i++) {
        const next = lines.next();
        if (next.done) {
          if (chunk) controller.enqueue(encoder.encode(chunk));
          return controller.close();
        }
        chunk += next.value;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
}
