"use client";

import { useState } from "react";
import { CopyBlock } from "@/components/ui/copy-block";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input, Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { inventoryPlan } from "@/lib/inventory/config";
import { useInventorySetup } from "@/lib/queries/connections";

/**
 * S3 Inventory for this bucket: whether a configuration delivers the ownership fields, and the configuration to
 * apply (with the destination's policy, for delivery to another account). Shown in its own tab and read only then.
 */
export function InventoryPanel({ connectionId, bucket }: { connectionId: string; bucket: string }) {
  const setup = useInventorySetup(connectionId, bucket, true);
  const [destination, setDestination] = useState(`${bucket}-inventory`);
  const [destinationAccount, setDestinationAccount] = useState("");
  const [sourceAccount, setSourceAccount] = useState("");
  const [format, setFormat] = useState<"CSV" | "Parquet">("Parquet");
  const plan = inventoryPlan({
    sourceBucket: bucket,
    destinationBucket: destination.trim() || `${bucket}-inventory`,
    destinationAccountId: destinationAccount.trim() || null,
    sourceAccountId: sourceAccount.trim() || null,
    prefix: "inventory",
    format,
    frequency: "Daily",
    versions: true,
  });
  return (
    <section className={`${boxClass} p-4`}>
      <h2 className="text-sm font-semibold">S3 Inventory: audit from daily reports</h2>
      <div className="mt-3 space-y-4 text-sm">
        <p className="text-slate-600">
          For buckets too large to list, S3 Inventory delivers every key with its owner and ACL (the optional
          fields ObjectOwner and ObjectAccessControlList). Choose &quot;from an S3 Inventory report&quot; as
          the scan mode to read one.
        </p>
        {setup.isPending && <SkeletonRows rows={2} />}
        {setup.error && <ErrorPanel message={setup.error.message} onRetry={() => setup.refetch()} />}
        {setup.data && !setup.data.supported && (
          <p data-testid="inventory-status">
            This endpoint cannot have inventory configurations: {setup.data.reason}.
          </p>
        )}
        {setup.data?.supported && setup.data.checks.length === 0 && (
          <p data-testid="inventory-status">
            No inventory configuration on this bucket yet: apply the one below.
          </p>
        )}
        {setup.data?.checks.map((c) => (
          <div key={c.id} data-testid="inventory-config" className="rounded border border-slate-200 p-3">
            <p className="font-medium">
              {c.id} · {c.format} · {c.frequency} · {c.destinationBucketArn}
              {c.advice.length === 0 ? (
                <span className="ml-2 text-emerald-700">ready: owners and ACLs are in its reports</span>
              ) : null}
            </p>
            <ul className="list-disc pl-5 text-amber-800">
              {c.advice.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
          </div>
        ))}
        <div className="grid gap-3 sm:grid-cols-4">
          <Field size="sm">
            Destination bucket
            <Input value={destination} onChange={(e) => setDestination(e.target.value)} />
          </Field>
          <Field size="sm">
            Destination account ID (if another)
            <Input value={destinationAccount} onChange={(e) => setDestinationAccount(e.target.value)} />
          </Field>
          <Field size="sm">
            This bucket&apos;s account ID
            <Input value={sourceAccount} onChange={(e) => setSourceAccount(e.target.value)} />
          </Field>
          <Field size="sm">
            Format
            <Select value={format} onChange={(e) => setFormat(e.target.value as "CSV" | "Parquet")}>
              <option value="Parquet">Parquet</option>
              <option value="CSV">CSV</option>
            </Select>
          </Field>
        </div>
        <CopyBlock label="Inventory configuration (JSON)" code={plan.configuration} />
        <CopyBlock label="Apply it with the aws CLI (as the bucket owner)" code={plan.cli} />
        <CopyBlock label="Destination bucket policy (its owner applies it)" code={plan.destinationPolicy} />
        <p className="text-slate-600">
          Reports then arrive under <code data-testid="inventory-scan-from">{plan.scanFrom}</code> (the first
          within 48 hours).
        </p>
      </div>
    </section>
  );
}
