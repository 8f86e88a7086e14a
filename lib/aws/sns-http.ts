import "server-only";

// SNS's certificates are a couple of kilobytes; anything much larger is not one.
const MAX_CERTIFICATE_BYTES = 16 * 1024;
const TIMEOUT_MS = 5_000;
const certificates = new Map<string, string>();

/** Fetches SNS's signing certificate (the caller has checked the URL is on an SNS host), remembering a few. */
export async function fetchSnsCertificate(url: string): Promise<string> {
  const known = certificates.get(url);
  if (known) return known;
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  if (!response.ok) throw new Error(`SNS certificate: HTTP ${response.status}`);
  const text = await response.text();
  if (text.length > MAX_CERTIFICATE_BYTES) throw new Error("SNS certificate: too large");
  if (certificates.size >= 16) certificates.delete(certificates.keys().next().value!);
  certificates.set(url, text);
  return text;
}

/** Confirms an SNS subscription by visiting its confirmation link (the caller has checked it is SNS's). */
export async function confirmSnsSubscription(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
  if (!response.ok) throw new Error(`SNS subscription confirmation: HTTP ${response.status}`);
}
