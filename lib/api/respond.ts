import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { readBody } from "@/lib/api/body";
import type { Role } from "@/lib/auth/roles";
import { requireRole, userOf } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import type { User } from "@/lib/db/auth";
import { AppError, formatIssues, type ErrorBody } from "@/lib/errors";

function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (error instanceof ZodError) {
    const message = formatIssues(error.issues);
    return NextResponse.json({ error: { code: "invalid_input", message } }, { status: 422 });
  }
  if (error instanceof AppError) {
    if (error.status >= 500) console.error(`[ownerscope] ${error.code}: ${error.message}`, error.cause);
    return NextResponse.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status },
    );
  }
  console.error("[ownerscope] unexpected error", error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server; it has been logged." } },
    { status: 500 },
  );
}

/** Who may call a route: a role (checked against the session on the server), or anyone ("public"). */
export type Access = Role | "public";

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Mutations must come from our own pages: a browser marks a cross-site request (Sec-Fetch-Site) and names its
 * origin; either one pointing elsewhere is refused before anything runs.
 */
function assertSameOrigin(request: Request): void {
  if (safeMethods.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", "Cross-site requests cannot change anything here.");
  }
  // A browser that says where a request comes from is believed: under Referrer-Policy no-referrer it sends
  // "Origin: null" with its own forms (the one-time sign-in link's button).
  if (site) return;
  const origin = request.headers.get("origin");
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== request.headers.get("host"))
      throw new AppError("forbidden", "Cross-origin requests cannot change anything here.");
  }
}

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
      assertSameOrigin(request);
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
