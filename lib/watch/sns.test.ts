import { beforeAll, describe, expect, it } from "vitest";
import { isSnsCertificateUrl, isSnsUrl, snsSignatureValid, snsStringToSign } from "./sns";
import { makeCertificate, signed } from "./sns.test-helper";

let signer: { key: string; cert: string };
let stranger: { key: string; cert: string };
beforeAll(() => {
  signer = makeCertificate();
  stranger = makeCertificate();
});

const notification = {
  Type: "Notification" as const,
  MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
  TopicArn: "arn:aws:sns:us-west-2:123456789012:MyTopic",
  Subject: "My First Message",
  Message: '{"Records":[]}',
  Timestamp: "2026-12-03T09:14:00.000Z",
  SignatureVersion: "2" as const,
  SigningCertURL: "https://sns.us-west-2.amazonaws.com/SimpleNotificationService-abc.pem",
};

describe("SNS signatures", () => {
  it("builds the string to sign in the documented order, Subject only when present", () => {
    expect(snsStringToSign({ ...notification, Signature: "" })).toBe(
      'Message\n{"Records":[]}\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\nSubject\nMy First Message\n' +
        "Timestamp\n2026-12-03T09:14:00.000Z\nTopicArn\narn:aws:sns:us-west-2:123456789012:MyTopic\nType\nNotification\n",
    );
    expect(snsStringToSign({ ...notification, Subject: undefined, Signature: "" })).not.toContain("Subject");
  });

  it("accepts a message signed with the certificate's key, in both signature versions", () => {
    expect(snsSignatureValid(signed(notification, signer.key), signer.cert)).toBe(true);
    expect(
      snsSignatureValid(signed({ ...notification, SignatureVersion: "1" }, signer.key), signer.cert),
    ).toBe(true);
    const confirm = signed(
      {
        ...notification,
        Type: "SubscriptionConfirmation",
        SubscribeURL: "https://sns.us-west-2.amazonaws.com/?x",
        Token: "t",
      },
      signer.key,
    );
    expect(snsSignatureValid(confirm, signer.cert)).toBe(true);
  });

  it("refuses a forged or altered message, another key, and a certificate out of date", () => {
    const good = signed(notification, signer.key);
    expect(snsSignatureValid({ ...good, Message: '{"Records":[1]}' }, signer.cert)).toBe(false);
    expect(snsSignatureValid(signed(notification, stranger.key), signer.cert)).toBe(false);
    expect(snsSignatureValid({ ...good, Signature: "Zm9yZ2Vk" }, signer.cert)).toBe(false);
    expect(snsSignatureValid(good, "not a certificate")).toBe(false);
    expect(snsSignatureValid(good, signer.cert, new Date("2099-01-01"))).toBe(false);
  });

  it("refuses a certificate whose subject is not SNS's, even when the message verifies with its key", () => {
    const other = makeCertificate("attacker.example");
    expect(snsSignatureValid(signed(notification, other.key), other.cert)).toBe(false);
    const regional = makeCertificate("sns.us-west-2.amazonaws.com");
    expect(snsSignatureValid(signed(notification, regional.key), regional.cert)).toBe(true);
  });

  it("fetches certificates only from SNS's own hosts over HTTPS", () => {
    expect(isSnsCertificateUrl(notification.SigningCertURL)).toBe(true);
    expect(isSnsCertificateUrl("https://sns.cn-north-1.amazonaws.com.cn/x.pem")).toBe(true);
    for (const url of [
      "http://sns.us-west-2.amazonaws.com/x.pem",
      "https://sns.us-west-2.amazonaws.com.evil.example/x.pem",
      "https://evil.example/sns.us-west-2.amazonaws.com/x.pem",
      "https://sns.us-west-2.amazonaws.com:8443/x.pem",
      "https://user@sns.us-west-2.amazonaws.com/x.pem",
      "https://sns.us-west-2.amazonaws.com/x.txt",
      "https://s3.amazonaws.com/x.pem",
      "https://sns.s3.amazonaws.com/x.pem",
      "https://sns.evil-1.amazonaws.com.x/x.pem",
      "not a url",
    ])
      expect(isSnsCertificateUrl(url), url).toBe(false);
    expect(isSnsUrl("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription")).toBe(true);
    expect(isSnsUrl("https://127.0.0.1/?Action=ConfirmSubscription")).toBe(false);
  });
});
