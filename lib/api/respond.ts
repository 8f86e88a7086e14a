import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
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

/** Wraps a route handler so that every failure leaves in the one error shape `{ error: { code, message } }`. */
export function handle<C>(fn: (request: Request, context: C) => Promise<Response>) {
  return async (request: Request, context: C): Promise<Response> => {
    try {
      return await fn(request, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Query-string parameters as a plain object, for zod. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

const maxBodyBytes = 64 * 1024;

/** The request's JSON body, refused when it is too large or not JSON. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBodyBytes) {
    throw new AppError("payload_too_large", `The request body is over ${maxBodyBytes / 1024} KiB.`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
}
