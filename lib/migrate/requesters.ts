import { compareKeys } from "@/lib/keys";
import type { Evidence, RequesterEvidence } from "@/lib/migrate/evidence";
import { accountOf } from "@/lib/migrate/requests";

// Logs name one requester many ways: an access log by canonical ID on one line and by ARN on the next, CloudTrail by
// an assumed-role session's ARN, a grant by canonical ID. Through the connection's accounts (a canonical ID and, where
// the operator gave one, the account's principal) they are one principal, named by the account's canonical ID: the
// name its grants carry, so that what the logs show and what the grants say meet.

/** An account of the connection: its canonical ID and its policy principal (an account ID or an ARN), if known. */
export type KnownAccount = { canonicalId: string; principal: string | null };

const ACCOUNT_ID = /^\d{12}$/;
// Ceph's session ARNs carry no account (arn:aws:sts:::assumed-role/ROLE/SESSION): its role is arn:aws:iam:::role/ROLE.
const SESSION = /^arn:(aws[a-z-]*):sts::(\d{12}|):assumed-role\/([^/]+)\/.+$/;

/** The role an assumed-role session ARN is of (its sessions are that role); any other name as it is. */
export function roleOfSession(name: string): string {
  const m = SESSION.exec(name);
  return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : name;
}

/** The account a principal stands for as a whole (an account ID or its root), or null for one identity in it. */
function wholeAccount(principal: string): string | null {
  if (ACCOUNT_ID.test(principal)) return principal;
  return /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(principal) ? accountOf(principal) : null;
}

/**
 * The connection account a requester is, or null: its canonical ID; the principal itself (an assumed-role session
 * of a principal role included); or, where the principal is the whole account, any identity of that account.
 */
export function accountOfRequester(
  accounts: readonly KnownAccount[],
  requester: string,
  accountId: string | null,
): KnownAccount | null {
  const name = roleOfSession(requester);
  const inAccount = ACCOUNT_ID.test(name) ? name : (accountId ?? accountOf(name));
  for (const account of accounts) {
    if (name === account.canonicalId) return account;
    if (!account.principal) continue;
    if (name === roleOfSession(account.principal)) return account;
    const whole = wholeAccount(account.principal);
    if (whole !== null && inAccount === whole) return account;
  }
  return null;
}

const add = (into: Record<string, number>, from: Record<string, number>) => {
  for (const [name, n] of Object.entries(from)) into[name] = (into[name] ?? 0) + n;
};

function merged(a: RequesterEvidence, b: RequesterEvidence): RequesterEvidence {
  const operations = { ...a.operations };
  add(operations, b.operations);
  const prefixes = { ...a.prefixes };
  add(prefixes, b.prefixes);
  return {
    ...a,
    accountId: a.accountId ?? b.accountId,
    requests: a.requests + b.requests,
    firstSeen: a.firstSeen < b.firstSeen ? a.firstSeen : b.firstSeen,
    lastSeen: a.lastSeen > b.lastSeen ? a.lastSeen : b.lastSeen,
    operations,
    prefixes,
    readsThroughAcl: a.readsThroughAcl + b.readsThroughAcl,
    writesThroughAcl: a.writesThroughAcl + b.writesThroughAcl,
    writesWithOtherAcl: a.writesWithOtherAcl + b.writesWithOtherAcl,
    aclsSent: [...new Set([...a.aclsSent, ...b.aclsSent])],
  };
}

/**
 * The evidence with each requester that is one of the connection's accounts named by that account's canonical ID,
 * and the names of one principal merged into one requester; a requester no account claims keeps its own name (an
 * assumed-role session its role's). Order as the tally gives it: most requests first.
 */
export function mergeRequesters(evidence: Evidence, accounts: readonly KnownAccount[]): Evidence {
  const byName = new Map<string, RequesterEvidence>();
  for (const r of evidence.requesters) {
    const account = accountOfRequester(accounts, r.requester, r.accountId);
    const name = account?.canonicalId ?? roleOfSession(r.requester);
    const known = byName.get(name);
    byName.set(name, known ? merged(known, { ...r, requester: name }) : { ...r, requester: name });
  }
  const requesters = [...byName.values()].sort(
    (a, b) => b.requests - a.requests || compareKeys(a.requester, b.requester),
  );
  return { ...evidence, requesters };
}
