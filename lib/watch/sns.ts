import { createVerify, X509Certificate } from "node:crypto";
import { z } from "zod";

/** An SNS HTTP(S) delivery: a notification, or the request to confirm a subscription. */
export const snsMessageSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string().max(128),
  TopicArn: z.string().max(512),
  Subject: z.string().max(512).optional(),
  Message: z.string().max(60 * 1024),
  Timestamp: z.string().max(64),
  SignatureVersion: z.enum(["1", "2"]),
  Signature: z.string().max(4096),
  SigningCertURL: z.string().max(2048),
  SubscribeURL: z.string().max(4096).optional(),
  Token: z.string().max(2048).optional(),
});
export type SnsMessage = z.infer<typeof snsMessageSchema>;

/**
 * The text SNS signs: the message's fields in byte order of their names, each as "Name\nvalue\n". A notification
 * signs Subject only when it has one; the confirmations sign SubscribeURL and Token instead.
 */
export function snsStringToSign(m: SnsMessage): string {
  const names =
    m.Type === "Notification"
      ? [
          "Message",
          "MessageId",
          ...(m.Subject !== undefined ? ["Subject"] : []),
          "Timestamp",
          "TopicArn",
          "Type",
        ]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  return names.map((name) => `${name}\n${m[name as keyof SnsMessage] ?? ""}\n`).join("");
}

// SNS serves its signing certificates from its own regional hosts only, over HTTPS: sns.<region>.amazonaws.com,
// where a region is shaped like us-east-1, us-gov-west-1 or cn-north-1 (so sns.s3.amazonaws.com is not one).
const SNS_HOST = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d{1,2}\.amazonaws\.com(\.cn)?$/;
// The certificate itself must be SNS's: its subject names sns.amazonaws.com (or a regional SNS host).
const SNS_SUBJECT = /^sns(?:\.[a-z]{2}(?:-[a-z]+)+-\d{1,2})?\.amazonaws\.com(\.cn)?$/;

/** Whether a certificate's subject (its common name) is SNS's. */
export function isSnsCertificateSubject(certificate: X509Certificate): boolean {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
  return cn !== undefined && SNS_SUBJECT.test(cn.trim());
}

/** Whether a URL may be fetched as SNS's signing certificate (never a host the message's sender chose). */
export function isSnsCertificateUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === "https:" &&
    SNS_HOST.test(parsed.hostname) &&
    parsed.port === "" &&
    parsed.pathname.endsWith(".pem") &&
    !parsed.username &&
    !parsed.password
  );
}

/** Whether a subscription's confirmation link points at SNS itself (the only host Ownerscope will call). */
export function isSnsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && SNS_HOST.test(parsed.hostname) && parsed.port === "";
  } catch {
    return false;
  }
}

/** Whether the message was signed by the key of `certificatePem` (SignatureVersion 1: SHA1, 2: SHA256). */
export function snsSignatureValid(m: SnsMessage, certificatePem: string, now = new Date()): boolean {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    return false;
  }
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) return false;
  if (!isSnsCertificateSubject(certificate)) return false;
  const verifier = createVerify(m.SignatureVersion === "1" ? "RSA-SHA1" : "RSA-SHA256");
  verifier.update(snsStringToSign(m), "utf8");
  try {
    return verifier.verify(certificate.publicKey, m.Signature, "base64");
  } catch {
    return false;
  }
}
