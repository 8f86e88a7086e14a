import { describe, expect, it } from "vitest";
import type { AlertSummary } from "@/lib/schemas/alerts";
import { alertWriters } from "@/lib/writers/alert";
import { emailMessage, slackBody, summarizeFindings } from "./summary";

const summary = (key: string): AlertSummary => ({
  connectionId: "c",
  bucket: "b",
  total: 1,
  accounts: summarizeFindings([{ key, ownerId: "a", firstSeen: "2026-12-03T09:14:00.000Z" }], {
    a: "Account A",
  }),
  link: "http://127.0.0.1:3000/connections/c/buckets/b/watch",
  rule: { id: 1, account: null, threshold: 1, digestMinutes: null },
});

describe("alert messages", () => {
  it("never lets a key become Slack markup (a mention, a link, bold, the end of a code block)", () => {
    const key = "<!channel>/<https://evil.example|log in>/x&y```*bold* <https://evil.example>.csv";
    const body = JSON.parse(slackBody(summary(key)));
    expect(body.mrkdwn).toBe(false);
    expect(body.text).not.toContain("<!channel>");
    expect(body.text).not.toContain("<https://evil");
    expect(body.text).toContain("&lt;!channel&gt;");
    // What a key or a name says is only in blocks Slack never formats; the one formatted block is our link.
    const formatted = body.blocks.filter((b: { text: { type: string } }) => b.text.type === "mrkdwn");
    expect(formatted).toEqual([
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: "<http://127.0.0.1:3000/connections/c/buckets/b/watch|Open the live view>",
        },
      },
    ]);
    expect(JSON.stringify(body.blocks)).toContain(JSON.stringify(key).slice(1, -1));
  });

  it("shows control characters, line breaks and direction marks in keys instead of obeying them", () => {
    const key = "a\nFAKE LINE\u202egnp.exe\u200f";
    const mail = emailMessage(summary(key));
    expect(mail.text).not.toContain("\nFAKE LINE");
    expect(mail.text).toContain("a\\u{000a}FAKE LINE\\u{202e}gnp.exe\\u{200f}");
    const slack = JSON.parse(slackBody(summary(key)));
    expect(JSON.stringify(slack)).not.toMatch(/\\u202e|\u202e/);
  });

  it("keeps an e-mail's subject on one line whatever the bucket holds", () => {
    const mail = emailMessage({ ...summary("a\r\nBcc: x@example.com"), bucket: "b\r\nBcc: y@example.com" });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});

describe("an alert names the writer and the setting that fixes it", () => {
  it("from the events' principals and the bucket's logs, in every channel's text", () => {
    const accounts = summarizeFindings(
      [
        {
          key: "in/1",
          ownerId: "a",
          firstSeen: "2026-12-03T09:14:00.000Z",
          writer: "AWS:AROAEXAMPLEID:AWSFirehoseToS3",
        },
      ],
      { a: "Account A" },
      (_account, eventWriters) => alertWriters(eventWriters, []),
    );
    expect(accounts[0]!.writers).toEqual([
      { who: "AWS:AROAEXAMPLEID:AWSFirehoseToS3", tool: "Amazon Data Firehose", fix: expect.any(String) },
    ]);
    const s: AlertSummary = { ...summary("in/1"), accounts };
    expect(emailMessage(s).text).toContain(
      "written by AWS:AROAEXAMPLEID:AWSFirehoseToS3 via Amazon Data Firehose",
    );
    expect(JSON.parse(slackBody(s)).text).toContain(
      "fix at the source: aws s3api put-bucket-ownership-controls",
    );
  });
});
