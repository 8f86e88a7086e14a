// Test helpers: a signing certificate made as SNS's would be (openssl is part of Debian's base system), and a message
// signed with its key.
import { execFileSync } from "node:child_process";
import { createSign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { snsStringToSign, type SnsMessage } from "./sns";

export function makeCertificate(subject = "sns.amazonaws.com"): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sns-cert-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "2",
      "-subj",
      `/CN=${subject}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
  const result = { key: read("key.pem"), cert: read("cert.pem") };
  fs.rmSync(dir, { recursive: true });
  return result;
}

/** The message signed with `key`, as SNS signs (the version the message names). */
export function signed(m: Omit<SnsMessage, "Signature">, key: string): SnsMessage {
  const unsigned = { ...m, Signature: "" };
  const sign = createSign(m.SignatureVersion === "1" ? "RSA-SHA1" : "RSA-SHA256");
  sign.update(snsStringToSign(unsigned));
  return { ...unsigned, Signature: sign.sign(key, "base64") };
}
