"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { TableHead } from "@/components/ui/table-head";
import { useDeleteAccount, useSaveAccount } from "@/lib/queries/connections";
import type { Account } from "@/lib/schemas/connection";

const input = "mt-1 rounded border border-slate-300 px-2 py-1 font-normal";

/** The accounts Ownerscope names in its views, and the fixer (profile and/or role) each one acts through. */
export function AccountsTable({ connectionId, accounts }: { connectionId: string; accounts: Account[] }) {
  const router = useRouter();
  const save = useSaveAccount(connectionId);
  const remove = useDeleteAccount(connectionId);
  const [removing, setRemoving] = useState<string | null>(null);
  const [editing, setEditing] = useState<Account | null>(null);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const text = (k: string) => String(data.get(k) ?? "").trim() || null;
    save.mutate(
      {
        canonicalId: text("canonicalId") ?? "",
        name: text("name") ?? "",
        fixerProfile: text("fixerProfile"),
        fixerRoleArn: text("fixerRoleArn"),
        fixerExternalId: text("fixerExternalId"),
        principal: text("principal"),
      },
      {
        onSuccess: () => {
          form.reset();
          setEditing(null);
          router.refresh();
        },
      },
    );
  };
  return (
    <div className="space-y-3">
      {accounts.length === 0 ? (
        <EmptyState title="No account named yet">
          Name the foreign accounts a scan finds, and give each a fixer so Ownerscope can re-put its objects.
        </EmptyState>
      ) : (
        <table
          className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm"
          aria-label="Accounts"
        >
          <TableHead labels={["Name", "Canonical ID", "Fixer", ""]} />
          <tbody className="divide-y divide-slate-100">
            {accounts.map((a) => (
              <tr key={a.canonicalId} data-testid="account-row" data-name={a.name}>
                <td className="px-3 py-2 font-medium">{a.name}</td>
                <td className="max-w-64 truncate px-3 py-2 font-mono text-xs" title={a.canonicalId}>
                  {a.canonicalId}
                </td>
                <td className="px-3 py-2 text-xs">
                  {[a.fixerProfile && `profile ${a.fixerProfile}`, a.fixerRoleArn]
                    .filter(Boolean)
                    .join(" · ") || "none"}
                </td>
                <AccountActions
                  account={a}
                  removing={removing === a.canonicalId}
                  onEdit={() => setEditing(a)}
                  onRemoving={(on) => setRemoving(on ? a.canonicalId : null)}
                  onRemove={() =>
                    remove.mutate(a.canonicalId, {
                      onSuccess: () => {
                        setRemoving(null);
                        router.refresh();
                      },
                    })
                  }
                />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        key={editing?.canonicalId ?? "new"}
        onSubmit={submit}
        aria-label="Account"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3"
      >
        <AccountFields editing={editing} />
        <div className="flex items-end gap-2">
          <Button type="submit" disabled={save.isPending} variant="primary">
            {editing ? "Save account" : "Add account"}
          </Button>
          {editing && (
            <button
              type="button"
              onClick={() => setEditing(null)}
              className="text-sm text-slate-600 hover:underline"
            >
              Cancel
            </button>
          )}
        </div>
        {(save.error ?? remove.error) && (
          <div className="sm:col-span-3">
            <ErrorPanel message={(save.error ?? remove.error)!.message} />
          </div>
        )}
      </form>
    </div>
  );
}

/** Edit or remove an account; removing drops its name and its fixer, so it is asked once more, in place. */
function AccountActions({
  account: a,
  removing,
  onEdit,
  onRemoving,
  onRemove,
}: {
  account: Account;
  removing: boolean;
  onEdit: () => void;
  onRemoving: (on: boolean) => void;
  onRemove: () => void;
}) {
  return (
    <td className="space-x-2 px-3 py-2 text-right text-xs">
      <Button variant="link" onClick={onEdit}>
        Edit
      </Button>
      {removing ? (
        // Removing an account drops its name and its fixer: asked once more, in place.
        <span role="group" aria-label={`Remove ${a.name}?`} className="inline-flex gap-2">
          <Button variant="danger-link" className="font-medium" onClick={onRemove}>
            Yes, remove {a.name}
          </Button>
          <button type="button" className="hover:underline" onClick={() => onRemoving(false)}>
            Keep
          </button>
        </span>
      ) : (
        <Button variant="danger-link" onClick={() => onRemoving(true)}>
          Remove
        </Button>
      )}
    </td>
  );
}

/** The account's fields, filled from the account being edited (its canonical ID then fixed). */
function AccountFields({ editing }: { editing: Account | null }) {
  return (
    <>
      <label className="flex flex-col text-sm font-medium">
        Canonical ID
        <input
          name="canonicalId"
          required
          defaultValue={editing?.canonicalId}
          readOnly={editing !== null}
          className={input}
        />
      </label>
      <label className="flex flex-col text-sm font-medium">
        Name
        <input name="name" required defaultValue={editing?.name} className={input} />
      </label>
      <label className="flex flex-col text-sm font-medium">
        Fixer profile
        <input name="fixerProfile" defaultValue={editing?.fixerProfile ?? ""} className={input} />
      </label>
      <label className="flex flex-col text-sm font-medium">
        Fixer role ARN
        <input name="fixerRoleArn" defaultValue={editing?.fixerRoleArn ?? ""} className={input} />
      </label>
      <label className="flex flex-col text-sm font-medium">
        Fixer external ID
        <input name="fixerExternalId" defaultValue={editing?.fixerExternalId ?? ""} className={input} />
      </label>
      <label className="flex flex-col text-sm font-medium">
        Policy principal (account ID or ARN)
        <input
          name="principal"
          defaultValue={editing?.principal ?? ""}
          placeholder="123456789012"
          className={input}
        />
      </label>
    </>
  );
}
