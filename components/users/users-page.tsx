"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorPanel } from "@/components/ui/error-panel";
import { Field, Input, Select } from "@/components/ui/field";
import { boxClass } from "@/components/ui/panel";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { Cell, Table, TableHead } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { roles, type Role } from "@/lib/auth/roles";
import { useUsers } from "@/lib/queries/users";
/** What each role may do, said where an admin chooses one. */
const roleWords: Record<Role, string> = {
  viewer: "sees scans, findings and alerts",
  operator: "also scans, fixes, shares and sets up watching",
  admin: "also manages connections, channels and users",
};

/** The admins' screen for people: who may sign in with which role; add one, disable one, lift a sign-in hold. */
export function UsersPage({ self }: { self: string }) {
  const { users, add, setDisabled, unlock } = useUsers();
  const [unlocked, setUnlocked] = useState<string | null>(null);
  return (
    <div className="space-y-4">
      <AddUserForm add={add} />
      {(setDisabled.error ?? unlock.error) && (
        <ErrorPanel message={(setDisabled.error ?? unlock.error)!.message} />
      )}
      {unlocked && (
        <p role="status" className="text-sm text-emerald-800">
          {unlocked} can try to sign in again.
        </p>
      )}
      {users.isPending ? (
        <SkeletonRows rows={4} />
      ) : users.error ? (
        <ErrorPanel message={users.error.message} onRetry={() => users.refetch()} />
      ) : users.data.length === 0 ? (
        <EmptyState title="No users yet">Add the first one above.</EmptyState>
      ) : (
        <div className={`${boxClass} overflow-x-auto`}>
          <Table aria-label="Users">
            <TableHead labels={["User", "Role", "Since", "State", "Actions"]} />
            <tbody className="divide-y divide-slate-100">
              {users.data.map((u) => (
                <UserRow
                  key={u.id}
                  user={u}
                  self={self}
                  setDisabled={setDisabled}
                  onUnlock={() => unlock.mutate(u.username, { onSuccess: () => setUnlocked(u.username) })}
                />
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}

/** Adds a user with a role and an initial password; the form empties when the user is added. */
function AddUserForm({ add }: { add: ReturnType<typeof useUsers>["add"] }) {
  const [username, setUsername] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [password, setPassword] = useState("");
  return (
    <form
      aria-label="Add a user"
      className={`${boxClass} flex flex-wrap items-end gap-2 p-3`}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate(
          { username: username.trim(), role, password },
          {
            onSuccess: () => {
              setUsername("");
              setPassword("");
            },
          },
        );
      }}
    >
      <Field>
        Username
        <Input required value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      </Field>
      <Field>
        Role
        <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
      </Field>
      <Field>
        Initial password
        <Input
          required
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
        />
      </Field>
      <Button type="submit" disabled={add.isPending} variant="primary">
        Add user
      </Button>
      <p className="w-full text-xs text-slate-600">
        A {role} {roleWords[role]}. They change the password after signing in.
      </p>
      {add.error && (
        <div className="w-full">
          <ErrorPanel message={add.error.message} />
        </div>
      )}
    </form>
  );
}

/** A user: role, since when, state, and what an admin can do (not disable themselves). */
function UserRow({
  user: u,
  self,
  setDisabled,
  onUnlock,
}: {
  user: NonNullable<ReturnType<typeof useUsers>["users"]["data"]>[number];
  self: string;
  setDisabled: ReturnType<typeof useUsers>["setDisabled"];
  onUnlock: () => void;
}) {
  return (
    <tr data-testid="user-row" data-username={u.username}>
      <Cell className="font-medium wrap-anywhere">
        {u.username}
        {u.username === self && <span className="ml-1 text-xs text-slate-500">(you)</span>}
      </Cell>
      <Cell>{u.role}</Cell>
      <Cell className="text-xs text-slate-600">
        <Time at={u.createdAt} />
      </Cell>
      <Cell>
        {u.disabled ? (
          <span className="font-medium text-red-700">disabled</span>
        ) : u.hasPassword ? (
          "active"
        ) : (
          "single sign-on"
        )}
      </Cell>
      <Cell>
        <span className="flex flex-wrap gap-2">
          {u.username !== self && (
            <Button
              variant="secondary"
              disabled={setDisabled.isPending}
              onClick={() => setDisabled.mutate({ username: u.username, disabled: !u.disabled })}
            >
              {u.disabled ? "Enable" : "Disable"}
            </Button>
          )}
          <Button variant="secondary" title="Lift the hold after too many failed sign-ins" onClick={onUnlock}>
            Unlock sign-in
          </Button>
        </span>
      </Cell>
    </tr>
  );
}
