import "client-only";
import type { ErrorBody } from "@/lib/errors";

/** A failed API call, carrying the server's error code and message for the UI. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  throw new ApiError(
    response.status,
    body?.error.code ?? "http_error",
    body?.error.message ?? `The server answered ${response.status}.`,
  );
}

/** A JSON request that changes something (POST by default). */
export const sendJson = <T>(url: string, body?: unknown, method: "POST" | "PUT" | "DELETE" = "POST") =>
  fetchJson<T>(url, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
