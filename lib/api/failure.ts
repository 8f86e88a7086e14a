import "server-only";
import { ZodError } from "zod";
import { AppError, formatIssues } from "@/lib/errors";

// The one error model of every route, with no Next.js import: the routes' wrapper (lib/api/respond.ts) and the
// intake the Node server answers itself (lib/api/intake-node.ts) both answer failures with this.

/** Any failure as `{ error: { code, message } }` with its status; the unexpected logged, never shown. */
export function errorResponse(error: unknown): Response {
  if (error instanceof ZodError) {
    const message = formatIssues(error.issues);
    return Response.json({ error: { code: "invalid_input", message } }, { status: 422 });
  }
  if (error instanceof AppError) {
    if (error.status >= 500) console.error(`[ownerscope] ${error.code}: ${error.message}`, error.cause);
    return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
  }
  console.error("[ownerscope] unexpected error", error);
  return Response.json(
    { error: { code: "internal", message: "Something went wrong on the server; it has been logged." } },
    { status: 500 },
  );
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Mutations must come from our own pages: a browser marks a cross-site request (Sec-Fetch-Site) and names its
 * origin; either one pointing elsewhere is refused before anything runs.
 */
export function assertSameOrigin(request: Request): void {
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
