"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { Cell, TableHead } from "@/components/ui/table";
import { useDeleteAccount, useSaveAccount } from "@/lib/queries/connections";
import type { Account } from "@/lib/schemas/connection";

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
        <table className={`${boxClass} w-full text-left text-sm`} aria-label="Accounts">
          <TableHead labels={["Name", "Canonical ID", "Fixer", ""]} />
          <tbody className="divide-y divide-slate-100">
            {accounts.map((a) => (
              <tr key={a.canonicalId} data-testid="account-row" data-name={a.name}>
                <Cell className="font-medium">{a.name}</Cell>
                <td className="max-w-64 truncate px-3 py-2 font-mono text-xs" title={a.canonicalId}>
                  {a.canonicalId}
                </td>
                <Cell className="text-xs">
                  {[a.fixerProfile && `profile ${a.fixerProfile}`, a.fixerRoleArn]
                    .filter(Boolean)
                    .join(" · ") || "none"}
                </Cell>
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
        className={`${boxClass} grid gap-3 p-4 sm:grid-cols-3`}
      >
        <AccountFields editing={editing} />
        <div className="flex items-end gap-2">
          <Button type="submit" disabled={save.isPending} variant="primary">
            {editing ? "Save account" : "Add account"}
          </Button>
          {editing && (
            <Button
              onClick={() => setEditing(null)}
              variant="plain"
              className="text-sm text-slate-600 hover:underline"
            >
              Cancel
            </Button>
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
          <Button variant="plain" className="hover:underline" onClick={() => onRemoving(false)}>
            Keep
          </Button>
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
      <Field>
        Canonical ID
        <Input name="canonicalId" required defaultValue={editing?.canonicalId} readOnly={editing !== null} />
      </Field>
      <Field>
        Name
        <Input name="name" required defaultValue={editing?.name} />
      </Field>
      <Field>
        Fixer profile
        <Input name="fixerProfile" defaultValue={editing?.fixerProfile ?? ""} />
      </Field>
      <Field>
        Fixer role ARN
        <Input name="fixerRoleArn" defaultValue={editing?.fixerRoleArn ?? ""} />
      </Field>
      <Field>
        Fixer external ID
        <Input name="fixerExternalId" defaultValue={editing?.fixerExternalId ?? ""} />
      </Field>
      <Field>
        Policy principal (account ID or ARN)
        <Input name="principal" defaultValue={editing?.principal ?? ""} placeholder="123456789012" />
      </Field>
    </>
  );
}
