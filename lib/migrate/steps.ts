/**
 * The cutover, one confirmed step at a time, in this order; and the rollback's. Each step is read back after it is
 * written, and a step runs only once the one before it is done.
 */
export const cutoverSteps = ["policy", "bucket-acl", "enforce", "rescan"] as const;
/** In reverse: while a bucket is BucketOwnerEnforced, S3 refuses ACL writes. */
export const rollbackSteps = ["restore-ownership", "restore-bucket-acl", "restore-policy"] as const;
export type CutoverStep = (typeof cutoverSteps)[number];
export type RollbackStep = (typeof rollbackSteps)[number];
export type StepName = CutoverStep | RollbackStep;

export type StepState = {
  /** done: written and read back. stopped: not written, and why (changed since the snapshot, unsupported). */
  state: "done" | "skipped" | "stopped" | "failed";
  message: string;
  at: string;
  by: string;
};

export const stepTitles: Record<StepName, string> = {
  policy: "Apply the merged bucket policy",
  "bucket-acl": "Reset the bucket ACL to private",
  enforce: "Set Object Ownership to BucketOwnerEnforced",
  rescan: "Scan the bucket again",
  "restore-policy": "Restore the bucket policy from the snapshot",
  "restore-bucket-acl": "Restore the bucket ACL from the snapshot",
  "restore-ownership": "Set Object Ownership back",
};

/** Said when the endpoint has no Object Ownership: the cutover stops there, after every step before it ran. */
export const OWNERSHIP_UNSUPPORTED =
  "This endpoint does not implement Object Ownership (it answers GetBucketOwnershipControls with no rules), so " +
  "BucketOwnerEnforced cannot be set here: the cutover stops before that step.";

/**
 * The step that may run next: the first cutover step not done (one that stopped or failed may be run again once its
 * cause is mended), or null when the cutover is complete or was rolled back.
 */
export function nextStep(steps: Partial<Record<StepName, StepState>>): CutoverStep | null {
  if (rollbackSteps.some((step) => steps[step])) return null;
  return cutoverSteps.find((step) => steps[step]?.state !== "done") ?? null;
}

/** A snapshot whose cutover changed the bucket and was not rolled back: a later snapshot must keep its "before". */
export const changedAndNotRolledBack = (steps: Partial<Record<StepName, StepState>>) =>
  cutoverSteps.some((step) => steps[step]?.state === "done") && !rollbackSteps.some((step) => steps[step]);

/**
 * Why the enforce step is held back, or null: readers or writers the report says would break and the translated
 * policy does not keep, unless the operator accepts that. An endpoint that says it has no Object Ownership stops at
 * its own sentence instead.
 */
export function enforceHold(
  items: { severity: string; keptByPolicy?: boolean }[],
  ownership: { value: string; confirmed: boolean },
  accepted: boolean,
): string | null {
  const breakers = items.filter(
    (i) => (i.severity === "reader-loses" || i.severity === "writer-refused") && !i.keptByPolicy,
  ).length;
  if (accepted || breakers === 0 || (!ownership.confirmed && ownership.value === "ObjectWriter")) return null;
  return `${breakers} readers or writers would break, beyond what the policy keeps (see the readiness report): accept that to enforce anyway`;
}
