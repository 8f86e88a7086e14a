import { describe, expect, it } from "vitest";
import { emailMessage, slackBody, summarizeFindings, type AlertSummary } from "./summary";

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
  it("never lets a key become Slack markup (a mention, a link) in the text or the blocks", () => {
    const body = JSON.parse(slackBody(summary("<!channel>/<https://evil.example|log in>/x&y.csv")));
    for (const text of [
      body.text,
      ...body.blocks.slice(1, 3).map((b: { text: { text: string } }) => b.text.text),
    ]) {
      expect(text).not.toContain("<!channel>");
      expect(text).not.toContain("<https://evil");
      expect(text).toContain("&lt;!channel&gt;");
    }
  });

  it("keeps an e-mail's subject on one line whatever the bucket holds", () => {
    const mail = emailMessage({ ...summary("a\r\nBcc: x@example.com"), bucket: "b\r\nBcc: y@example.com" });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
