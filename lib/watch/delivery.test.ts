import { beforeAll, describe, expect, it } from "vitest";
import { type AppError } from "@/lib/errors";
import { interpretDelivery, type DeliveryIo } from "./delivery";
import { makeCertificate, signed } from "./sns.test-helper";

let signer: { key: string; cert: string };
beforeAll(() => {
  signer = makeCertificate();
});

const CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";
const records = {
  Records: [
    {
      eventSource: "aws:s3",
      eventName: "ObjectCreated:Put",
      userIdentity: { principalId: "AWS:AIDAEXAMPLE" },
      s3: { bucket: { name: "b" }, object: { key: "a%2Fb+c", eTag: "e" } },
    },
  ],
};
const envelope = {
  Type: "Notification" as const,
  MessageId: "m-1",
  TopicArn: "arn:aws:sns:eu-west-1:111122223333:ownerscope-watch-b",
  Message: JSON.stringify(records),
  Timestamp: "2026-12-03T09:14:00.000Z",
  SignatureVersion: "2" as const,
  SigningCertURL: CERT_URL,
};

/** I/O that records what it was asked for, with the test's certificate at SNS's URL. */
function io() {
  const asked: string[] = [];
  const value: DeliveryIo = {
    fetchCertificate: async (url) => {
      asked.push(`cert ${url}`);
      return signer.cert;
    },
    confirmSubscription: async (url) => void asked.push(`confirm ${url}`),
  };
  return { asked, value };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => "accepted",
    (e: AppError) => e.code,
  );

describe("interpretDelivery", () => {
  it("reads the events inside an SNS notification whose signature verifies", async () => {
    const { asked, value } = io();
    const d = await interpretDelivery(signed(envelope, signer.key), value);
    expect(d).toMatchObject({ kind: "events", source: "sns", events: [{ bucket: "b", key: "a/b c" }] });
    expect(asked).toEqual([`cert ${CERT_URL}`]);
  });

  it("refuses a forged message, and a certificate off SNS's hosts without fetching it", async () => {
    const { asked, value } = io();
    const good = signed(envelope, signer.key);
    expect(await refusal(interpretDelivery({ ...good, Message: '{"Records":[]}' }, value))).toBe(
      "unauthorized",
    );
    const foreign = signed({ ...envelope, SigningCertURL: "https://attacker.example/sns.pem" }, signer.key);
    expect(await refusal(interpretDelivery(foreign, value))).toBe("unauthorized");
    expect(asked).toEqual([`cert ${CERT_URL}`]);
  });

  it("confirms a signed subscription only through SNS's own link", async () => {
    const { asked, value } = io();
    const confirm = {
      ...envelope,
      Type: "SubscriptionConfirmation" as const,
      Message: "You have chosen to subscribe",
      SubscribeURL: "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=t",
      Token: "t",
    };
    expect(await interpretDelivery(signed(confirm, signer.key), value)).toEqual({
      kind: "confirmed",
      topicArn: envelope.TopicArn,
    });
    const elsewhere = signed(
      { ...confirm, SubscribeURL: "http://169.254.169.254/latest/meta-data/" },
      signer.key,
    );
    expect(await refusal(interpretDelivery(elsewhere, value))).toBe("bad_request");
    expect(asked.filter((a) => a.startsWith("confirm"))).toEqual([`confirm ${confirm.SubscribeURL}`]);
  });

  it("names its source, ignores S3's test event, and refuses a body it cannot read", async () => {
    const { value } = io();
    expect(await interpretDelivery(records, value)).toMatchObject({ kind: "events", source: "gateway" });
    expect(await interpretDelivery(records, value, "sqs")).toMatchObject({ source: "sqs" });
    expect(await interpretDelivery({ Event: "s3:TestEvent" }, value)).toMatchObject({ kind: "nothing" });
    expect(await refusal(interpretDelivery({ hello: "world" }, value))).toBe("bad_request");
    expect(await refusal(interpretDelivery({ SignatureVersion: "9", TopicArn: 1 }, value))).toBe(
      "bad_request",
    );
  });
});
