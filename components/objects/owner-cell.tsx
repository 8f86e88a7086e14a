import type { OwnerDto } from "@/lib/schemas/listing";

export function OwnerCell({ owner }: { owner: OwnerDto }) {
  if (!owner.id) return <span className="text-slate-500">not reported</span>;
  return (
    <div className="flex items-center gap-2" data-testid="owner" data-owner-id={owner.id}>
      {owner.foreign && (
        <span
          className="rounded bg-amber-200 px-1.5 py-0.5 text-xs font-semibold text-amber-900"
          title="Owned by another account: the bucket owner's policies do not apply to this key"
        >
          foreign
        </span>
      )}
      <span className="flex flex-col leading-tight">
        <span className="font-medium">
          {owner.name ?? (owner.isBucketOwner ? "bucket owner" : "unknown account")}
        </span>
        <code className="max-w-56 truncate text-xs text-slate-500" title={owner.id}>
          {owner.id}
        </code>
      </span>
    </div>
  );
}
