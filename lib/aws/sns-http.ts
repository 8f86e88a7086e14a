import "server-only";
import { AppError } from "@/lib/errors";

// SNS's certificates are a couple of kilobytes; anything much larger is not one.
const MAX_CERTIFICATE_BYTES = 16 * 1024;
const TIMEOUT_MS = 5_000;
const certificates = new Map<string, string>();

/** GET on an SNS URL (the caller has checked the host), its failures in the app's error model. */
async function getFromSns(url: string, what: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  } catch {
    throw new AppError("upstream_unreachable", `SNS could not be reached for the ${what}.`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError("upstream_error", `SNS answered ${response.status} for the ${what}.`);
  }
  return response;
}

/** Fetches SNS's signing certificate (the caller has checked the URL is on an SNS host), remembering a few. */
export async function fetchSnsCertificate(url: string): Promise<string> {
  const known = certificates.get(url);
  if (known) return known;
  const response = await getFromSns(url, "signing certificate");
  if (Number(response.headers.get("content-length") ?? 0) > MAX_CERTIFICATE_BYTES) {
    await response.body?.cancel();
    throw new AppError("upstream_error", "SNS's signing certificate is too large to be one.");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_CERTIFICATE_BYTES)
      throw new AppError("upstream_error", "SNS's signing certificate is too large to be one.");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (certificates.size >= 16) certificates.delete(certificates.keys().next().value!);
  certificates.set(url, text);
  return text;
}

/** Confirms an SNS subscription by visiting its confirmation link (the caller has checked it is SNS's). */
export async function confirmSnsSubscription(url: string): Promise<void> {
  const response = await getFromSns(url, "subscription's confirmation");
  await response.body?.cancel();
}
