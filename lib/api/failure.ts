import "server-only";
import { ZodError } from "zod";
import { AppError, formatIssues, type ErrorBody } from "@/lib/errors";

// The one error model of every route, with no Next.js import: the routes' wrapper (lib/api/respond.ts) and the
// intake the Node server answers itself (lib/api/intake-node.ts) both answer failures with this.

/** Any failure as its status and `{ error: { code, message } }`; the unexpected logged, never shown. */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError)
    return { status: 422, body: { error: { code: "invalid_input", message: formatIssues(error.issues) } } };
  if (error instanceof AppError) {
    if (error.status >= 500) console.error(`[ownerscope] ${error.code}: ${error.message}`, error.cause);
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  console.error("[ownerscope] unexpected error", error);
  return {
    status: 500,
    body: { error: { code: "internal", message: "Something went wrong on the server; it has been logged." } },
  };
}

/** Any failure as a response in the one error shape. */
export function errorResponse(error: unknown): Response {
  const { status, body } = errorAnswer(error);
  return Response.json(body, { status });
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Mutations must come from our own pages: a browser marks a cross-site request (Sec-Fetch-Site) and names its
 * origin; either one pointing elsewhere is refused before anything runs.
 */
export function assertSameOrigin(method: string, header: (name: string) => string | null): void {
  if (safeMethods.has(method)) return;
  const site = header("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden", "Cross-site requests cannot change anything here.");
  }
  // A browser that says where a request comes from is believed: under Referrer-Policy no-referrer it sends
  // "Origin: null" with its own forms (the one-time sign-in link's button).
  if (site) return;
  const origin = header("origin");
  if (origin) {
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== header("host"))
      throw new AppError("forbidden", "Cross-origin requests cannot change anything here.");
  }
}
