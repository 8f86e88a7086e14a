// Integration: `ownerscope migrate` as an operator runs it on the lab. plan on the seeded scenario lists exactly
// its known blockers and breakers (exit 3); apply on a copy runs every step the gateway supports and stops, with
// the sentence, at Object Ownership; rollback gives the bucket back as it was.
import fs from "node:fs";
import path from "node:path";
import { GetBucketAclCommand, GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, it } from "vitest";
import { OWNERSHIP_UNSUPPORTED } from "@/lib/migrate/steps";
import {
  ACCESS_LOGS,
  ACL_BUCKET,
  CLOUDTRAIL,
  LOGS_BUCKET,
  breakersOf,
  knownAnswer,
  removeBucket,
  writeAclScenario,
} from "@/scripts/lab/acl-scenario";
import { loadLab, type Lab } from "@/scripts/lab/lab-env";
import { runCli, tempDataDir } from "./run-cli";

let lab: Lab;
let principals: string[];

beforeAll(() => {
  lab = loadLab();
  principals = [
    "--principal",
    `${lab.writer.canonicalId}=${lab.writer.arn}`,
    "--principal",
    `${lab.thirdParty.canonicalId}=${lab.thirdParty.arn}`,
  ];
});

const as = (bucket: string, dataDir: string) => [
  "--bucket",
  bucket,
  "--profile",
  lab.roles.audit.profile,
  "--owner-profile",
  lab.bucketOwner.profile,
  "--data-dir",
  dataDir,
  "--format",
  "json",
  ...principals,
];

describe("ownerscope migrate", () => {
  it("plan: scans first, reads the logs, lists exactly the known blockers and breakers, exits 3", async () => {
    const dataDir = tempDataDir();
    const { code, stdout, stderr } = await runCli([
      "migrate",
      "plan",
      ...as(ACL_BUCKET, dataDir),
      "--access-logs",
      `s3://${LOGS_BUCKET}/${ACCESS_LOGS}`,
      "--cloudtrail",
      `s3://${LOGS_BUCKET}/${CLOUDTRAIL}`,
      "--since",
      "2026-11-01",
    ]);
    expect(stderr).toMatch(/scanning it first/);
    expect(code).toBe(3);
    const plan = JSON.parse(stdout) as {
      readiness: { items: { id: string; severity: string }[] };
      translation: { fits: boolean; statements: unknown[] };
      athena: { accessLogs: string; cloudTrail: string };
    };
    const answer = knownAnswer(lab, true);
    expect(breakersOf(plan.readiness.items)).toEqual(answer.breakers);
    expect(plan.translation.fits).toBe(true);
    expect(plan.athena.accessLogs).toContain(`LOCATION 's3://${LOGS_BUCKET}/${ACCESS_LOGS}'`);
    expect(plan.athena.cloudTrail).toContain(`= '${ACL_BUCKET}'`);
  });

  it("apply: every step the gateway supports, then the sentence at Object Ownership (exit 3); rollback restores", async () => {
    const bucket = `acl-mig-cli-${process.pid}-${Date.now()}`;
    await writeAclScenario(lab, bucket);
    const policyBefore = (await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
    const aclBefore = (await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants;
    const dataDir = tempDataDir();
    const snapshot = path.join(dataDir, "snapshot.jsonl");

    const apply = await runCli(["migrate", "apply", ...as(bucket, dataDir), "--snapshot-out", snapshot]);
    expect(apply.code).toBe(3);
    const applied = JSON.parse(apply.stdout) as {
      steps: { step: string; state: string; message: string }[];
      rollback: { objectsReturned: number };
    };
    expect(applied.steps.map((s) => `${s.step} ${s.state}`)).toEqual([
      "policy done",
      "bucket-acl done",
      "enforce stopped",
    ]);
    expect(applied.steps[2]!.message).toBe(OWNERSHIP_UNSUPPORTED);
    expect(apply.stderr).toContain(OWNERSHIP_UNSUPPORTED);
    // The snapshot: the bucket's settings, then one line per object, its owner and grants as the scan read them.
    const [head, ...lines] = fs
      .readFileSync(snapshot, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { key: string; ownerId: string; policy?: string });
    expect(head!.policy).toBe(policyBefore);
    expect(lines.map((l) => l.key).sort()).toEqual(knownAnswer(lab, false).keys);
    expect(applied.rollback.objectsReturned).toBe(
      lines.filter((l) => l.ownerId !== lab.bucketOwner.canonicalId).length,
    );
    expect((await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toHaveLength(1);

    // Applied again after the stop: the same snapshot goes on (it alone knows the bucket as it was), and stops again.
    const again = await runCli(["migrate", "apply", ...as(bucket, dataDir)]);
    expect(again.code).toBe(3);
    expect((JSON.parse(again.stdout) as { snapshot: number }).snapshot).toBe(
      (JSON.parse(apply.stdout) as { snapshot: number }).snapshot,
    );

    const rollback = await runCli(["migrate", "rollback", ...as(bucket, dataDir)]);
    expect(rollback.code).toBe(0);
    expect((await lab.b.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(policyBefore);
    expect((await lab.b.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants).toEqual(aclBefore);
    await removeBucket(lab, bucket);
  });

  it("says what is wrong with its input, exit 2", async () => {
    const dataDir = tempDataDir();
    const bad = [
      ["migrate"],
      ["migrate", "launch", "--bucket", ACL_BUCKET],
      ["migrate", "plan", "--bucket", ACL_BUCKET, "--access-logs", "http://x/"],
      ["migrate", "plan", "--bucket", ACL_BUCKET, "--since", "last tuesday"],
      ["migrate", "plan", "--bucket", ACL_BUCKET, "--principal", "no-equals-sign"],
      [
        "migrate",
        "rollback",
        "--bucket",
        ACL_BUCKET,
        "--profile",
        lab.roles.audit.profile,
        "--data-dir",
        dataDir,
      ],
    ];
    for (const args of bad) {
      const { code, stderr } = await runCli(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/^ownerscope: /);
    }
  });
});
