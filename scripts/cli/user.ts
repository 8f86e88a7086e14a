// `ownerscope user ...`: the first admin and every other user, from the server's own machine.
import {
  addUser,
  issueLoginLink,
  resetPassword,
  setUserDisabled,
  setUserRole,
  unlockUser,
  userNamed,
  users,
} from "@/lib/api/auth";
import { passwordProblem } from "@/lib/auth/password";
import { roles, type Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db";
import { usernameSchema } from "@/lib/schemas/auth";
import { UsageError } from "./command";

export const userUsage = `usage: ownerscope user add --username U --role viewer|operator|admin --password-stdin
       ownerscope user passwd --username U --password-stdin     (ends every session of the user)
       ownerscope user role --username U --role R
       ownerscope user list
       ownerscope user login-link --username U [--base-url http://127.0.0.1:3000]   (one use, ten minutes)
       ownerscope user unlock --username U     (lift the hold after failed sign-ins)
       ownerscope user disable|enable --username U     (disabling ends the user's sessions at once)`;

export const userOptions = {
  username: { type: "string" },
  role: { type: "string" },
  "password-stdin": { type: "boolean" },
  "base-url": { type: "string" },
} as const;

async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(`password: ${problem}`);
  return password;
}

const roleOf = (value: string | undefined): Role => {
  if (!value || !(roles as readonly string[]).includes(value))
    throw new UsageError(`--role takes one of ${roles.join(", ")}`);
  return value as Role;
};

export async function userCommand(
  db: Db,
  action: string | undefined,
  v: Record<string, string | boolean | undefined>,
): Promise<number> {
  const username = () => {
    const parsed = usernameSchema.safeParse(v.username);
    if (!parsed.success) throw new UsageError("--username: use 2-64 letters, digits and . @ + - _");
    return parsed.data;
  };
  const existing = () => {
    const user = userNamed(db, username());
    if (!user) throw new UsageError(`no user named ${String(v.username)}`);
    return user;
  };
  switch (action) {
    case "add": {
      const role = roleOf(v.role as string | undefined);
      if (!v["password-stdin"])
        throw new UsageError("user add reads the password from standard input: add --password-stdin");
      const user = await addUser(db, username(), role, await readPassword());
      process.stdout.write(`${JSON.stringify(user)}\n`);
      return 0;
    }
    case "passwd": {
      const user = existing();
      if (!v["password-stdin"])
        throw new UsageError("user passwd reads the password from standard input: add --password-stdin");
      await resetPassword(db, user, await readPassword());
      return 0;
    }
    case "role":
      setUserRole(db, existing(), roleOf(v.role as string | undefined));
      return 0;
    case "list":
      process.stdout.write(`${JSON.stringify(users(db), null, 2)}\n`);
      return 0;
    case "disable":
    case "enable":
      setUserDisabled(db, existing(), action === "disable");
      return 0;
    case "unlock":
      process.stdout.write(`${JSON.stringify(unlockUser(db, existing().username))}\n`);
      return 0;
    case "login-link": {
      const base = (v["base-url"] as string | undefined) ?? "http://127.0.0.1:3000";
      process.stdout.write(
        `${base.replace(/\/$/, "")}/login/link?token=${issueLoginLink(db, existing().id)}\n`,
      );
      return 0;
    }
    default:
      throw new UsageError(`unknown user command "${action ?? ""}"\n${userUsage}`);
  }
}
