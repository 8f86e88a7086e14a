import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  mergeNotification,
  NOTIFICATION_ID,
  resourceName,
  setupPlan,
  watchSources,
  type SetupInput,
} from "./setup-plan";

const input = (over: Partial<SetupInput> = {}): SetupInput => ({
  kind: "sns",
  bucket: "bucket-b",
  accountId: "111122223333",
  region: "eu-west-1",
  endpointUrl: null,
  intakeUrl: "https://ownerscope.example/api/watch/lab/events",
  secret: "s3cr3t",
  existing: {},
  ...over,
});

/**
 * Runs a command line in bash with `aws` as a function that prints its arguments (nothing reaches AWS): the words a
 * shell makes of it, for each aws call. Anything that escaped its quotes would run.
 */
function awsCalls(line: string): string[][] {
  const out = execFileSync("bash", [
    "-c",
    `aws() { printf '%s\\0' "$@"; printf '\\n'; }\n${line}`,
  ]).toString();
  return out
    .split("\n")
    .filter(Boolean)
    .map((call) => call.split("\0").slice(0, -1));
}

describe("setupPlan", () => {
  it("keeps every other entry of the bucket's notification configuration, replacing only its own", () => {
    const existing = {
      TopicConfigurations: [
        {
          Id: "theirs",
          TopicArn: "arn:aws:sns:eu-west-1:111122223333:theirs",
          Events: ["s3:ObjectRemoved:*"],
        },
        {
          Id: NOTIFICATION_ID,
          TopicArn: "arn:aws:sns:eu-west-1:111122223333:old",
          Events: ["s3:ObjectCreated:*"],
        },
      ],
      QueueConfigurations: [
        { Id: "q", QueueArn: "arn:aws:sqs:eu-west-1:111122223333:q", Events: ["s3:ObjectCreated:*"] },
      ],
      LambdaFunctionConfigurations: [{ Id: "l" }],
    };
    const merged = mergeNotification(existing, { topicArn: "arn:new" });
    expect(merged.TopicConfigurations).toEqual([
      existing.TopicConfigurations[0],
      { Id: NOTIFICATION_ID, TopicArn: "arn:new", Events: ["s3:ObjectCreated:*"] },
    ]);
    expect(merged.QueueConfigurations).toEqual(existing.QueueConfigurations);
    expect(merged.LambdaFunctionConfigurations).toEqual(existing.LambdaFunctionConfigurations);
    expect(mergeNotification(existing, { eventBridge: true }).TopicConfigurations).toEqual([
      existing.TopicConfigurations[0],
    ]);
  });

  it("limits the SNS topic and SQS queue to the bucket and its account", () => {
    const sns = setupPlan(input());
    expect(JSON.stringify(sns.documents.topicPolicy)).toContain('"aws:SourceArn":"arn:aws:s3:::bucket-b"');
    expect(JSON.stringify(sns.documents.topicPolicy)).toContain('"aws:SourceAccount":"111122223333"');
    expect(sns.commands.join("\n")).toContain("--protocol https");
    const sqs = setupPlan(input({ kind: "sqs" }));
    expect(sqs.names.queueUrl).toBe(
      `https://sqs.eu-west-1.amazonaws.com/111122223333/${resourceName("bucket-b")}`,
    );
  });

  it("shell-quotes every value: hostile names and secrets stay one word each, and nothing in them runs", () => {
    const marker = path.join(os.tmpdir(), `pwned-${process.pid}-${Date.now()}`);
    const secret = `a'b$(touch ${marker})\`touch ${marker}\` ; touch ${marker}`;
    const hostile = input({ secret, intakeUrl: `https://h/x?a='1'&b=$(touch ${marker})` });
    for (const kind of watchSources) {
      const plan = setupPlan({
        ...hostile,
        kind,
        endpointUrl: kind === "gateway" ? `http://gw/'$(touch ${marker})` : null,
      });
      const calls = plan.commands.flatMap(awsCalls);
      // One call printed per command (an ARN read into a variable prints into the variable, not here).
      expect(calls).toHaveLength(plan.commands.filter((c) => !/^\w+=\$\(/.test(c)).length);
      const args = calls.flat().join("\n");
      if (kind === "eventbridge") expect(args).toContain(`"ApiKeyValue":${JSON.stringify(secret)}`);
      // The queue is polled by Ownerscope: its setup carries no secret.
      else if (kind !== "sqs") expect(args).toContain(encodeURIComponent(secret));
      const put = calls.find((c) => c.includes("put-bucket-notification-configuration"))!;
      expect(JSON.parse(put.at(-1)!)).toEqual(plan.notification);
    }
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("gives every resource a name AWS accepts, whatever the bucket's name", () => {
    expect(resourceName("my.bucket.with.dots")).toMatch(/^ownerscope-watch-my-bucket-with-dots-[0-9a-f]{8}$/);
    expect(resourceName("b".repeat(63))).toHaveLength(64);
    expect(resourceName("a.b")).not.toBe(resourceName("a-b"));
    expect(resourceName(`${"x".repeat(50)}1`)).not.toBe(resourceName(`${"x".repeat(50)}2`));
  });
});
