// The lab's organization, as data: its tree of OUs and accounts (with one closed and one suspended account that
// must never be onboarded), the buckets each account has, who writes what into whose bucket, and the breakages a
// fleet scan must name (a missing role, a role that denies, a bucket whose policy denies the scanner). Every account
// is a tenant of the lab's gateway, named by a 12-digit ID, so role ARNs have the shape AWS gives them.

export type LabOrgAccount = {
  id: string;
  name: string;
  /** The OU IDs from the root down. */
  parents: string[];
  state: "ACTIVE" | "SUSPENDED" | "CLOSED";
  tags: Record<string, string>;
  /** How its read role is broken, if it is. */
  readRole: "ok" | "missing" | "denies";
  buckets: string[];
};

export type LabOrgWrite = {
  writer: string;
  ownerAccount: string;
  bucket: string;
  prefix: string;
  count: number;
  acl: "none" | "bucket-owner-full-control";
};

export const ROOT = { id: "r-lab0", name: "Root" };
export const OUS = [
  { id: "ou-lab0-prod0001", name: "Prod", parent: "r-lab0" },
  { id: "ou-lab0-paym0001", name: "Payments", parent: "ou-lab0-prod0001" },
  { id: "ou-lab0-dev00001", name: "Dev", parent: "r-lab0" },
  { id: "ou-lab0-shrd0001", name: "Shared", parent: "r-lab0" },
  { id: "ou-lab0-sand0001", name: "Sandbox", parent: "r-lab0" },
];

const prod = ["ou-lab0-prod0001"];
const payments = ["ou-lab0-prod0001", "ou-lab0-paym0001"];
const dev = ["ou-lab0-dev00001"];
const shared = ["ou-lab0-shrd0001"];
const sandbox = ["ou-lab0-sand0001"];

const account = (
  id: string,
  name: string,
  parents: string[],
  buckets: string[],
  tags: Record<string, string> = {},
  readRole: LabOrgAccount["readRole"] = "ok",
  state: LabOrgAccount["state"] = "ACTIVE",
): LabOrgAccount => ({ id, name, parents, state, tags, readRole, buckets });

export const MANAGEMENT_ID = "410000000000";

export const ACCOUNTS: LabOrgAccount[] = [
  account(MANAGEMENT_ID, "management", [], ["management-trail"], { env: "shared" }),
  account("410000000001", "payments-prod", payments, ["payments-prod-data", "payments-prod-exports"], {
    env: "prod",
    team: "payments",
  }),
  account("410000000002", "ledger-prod", payments, ["ledger-prod-journal"], {
    env: "prod",
    team: "payments",
  }),
  account("410000000003", "web-prod", prod, ["web-prod-assets"], { env: "prod", team: "web" }),
  account("410000000004", "data-prod", prod, ["data-prod-lake", "data-prod-staging"], {
    env: "prod",
    team: "data",
  }),
  account("410000000005", "web-dev", dev, ["web-dev-assets"], { env: "dev", team: "web" }),
  account("410000000006", "data-dev", dev, ["data-dev-scratch"], { env: "dev", team: "data" }),
  account("410000000007", "ml-dev", dev, ["ml-dev-models"], { env: "dev", team: "ml" }),
  account("410000000008", "logging", shared, ["logging-archive"], { env: "shared" }),
  account("410000000009", "security", shared, ["security-findings", "security-audit"], { env: "shared" }),
  account("410000000010", "network", shared, ["network-flowlogs"], { env: "shared" }),
  account("410000000011", "sandbox-one", sandbox, ["sandbox-one-tmp"], { env: "sandbox" }, "missing"),
  account("410000000012", "sandbox-two", sandbox, ["sandbox-two-tmp"], { env: "sandbox" }, "denies"),
  account("410000000013", "old-project", prod, ["old-project-data"], {}, "ok", "CLOSED"),
  account("410000000014", "frozen", dev, ["frozen-data"], {}, "ok", "SUSPENDED"),
];

/** A writer outside the organization (a vendor): named as outside wherever its objects show. */
export const OUTSIDE = { id: "499000000001", name: "vendor-outside", buckets: [] as string[] };

/** The bucket whose policy denies the scanner's read role. */
export const DENYING_BUCKET = { account: "410000000009", bucket: "security-audit" };

/** Foreign writes: each lands `count` keys under `prefix` in another account's bucket. */
export const WRITES: LabOrgWrite[] = [
  {
    writer: "410000000002",
    ownerAccount: "410000000001",
    bucket: "payments-prod-data",
    prefix: "ledger/",
    count: 5,
    acl: "none",
  },
  {
    writer: OUTSIDE.id,
    ownerAccount: "410000000001",
    bucket: "payments-prod-data",
    prefix: "vendor/",
    count: 2,
    acl: "none",
  },
  {
    writer: "410000000005",
    ownerAccount: "410000000003",
    bucket: "web-prod-assets",
    prefix: "dev/",
    count: 3,
    acl: "none",
  },
  {
    writer: "410000000004",
    ownerAccount: "410000000003",
    bucket: "web-prod-assets",
    prefix: "data/",
    count: 1,
    acl: "bucket-owner-full-control",
  },
  {
    writer: "410000000006",
    ownerAccount: "410000000004",
    bucket: "data-prod-lake",
    prefix: "raw/ünï/🚀/",
    count: 20,
    acl: "none",
  },
  {
    writer: "410000000009",
    ownerAccount: "410000000008",
    bucket: "logging-archive",
    prefix: "sec/",
    count: 6,
    acl: "bucket-owner-full-control",
  },
  {
    writer: "410000000007",
    ownerAccount: "410000000006",
    bucket: "data-dev-scratch",
    prefix: "ml/",
    count: 4,
    acl: "none",
  },
];

/** Keys each bucket's owner writes itself. */
export const OWN_KEYS_PER_BUCKET = 4;

export const READ_ROLE = "OwnerscopeRead";
export const FIX_ROLE = "OwnerscopeFix";
export const profileOf = (accountId: string) => `org-${accountId}`;
export const PROFILE_PATTERN = "org-{accountId}";
/** The canonical ID the gateway gives a tenant's user. */
export const canonicalIdOf = (accountId: string) => `${accountId}$admin`;
export const accessKeyOf = (accountId: string) => `ORG${accountId}KEYS`;
export const secretOf = (accountId: string) => `ownerscope-lab-org-${accountId}-secret`;

export const members = () => ACCOUNTS.filter((a) => a.state === "ACTIVE");

/** Foreign keys each bucket holds, by the seeded truth. */
export function foreignKeysByBucket(): Map<string, { count: number; writers: Set<string> }> {
  const out = new Map<string, { count: number; writers: Set<string> }>();
  for (const w of WRITES) {
    const entry = out.get(w.bucket) ?? { count: 0, writers: new Set<string>() };
    entry.count += w.count;
    entry.writers.add(w.writer);
    out.set(w.bucket, entry);
  }
  return out;
}

/** The `fleet discover` flags of the lab's organization (its tests and the browser tests). */
export const discoverArgs = (dataDir: string, endpoint: string, organizationsUrl: string) => [
  "fleet",
  "discover",
  "--data-dir",
  dataDir,
  "--profile",
  profileOf(MANAGEMENT_ID),
  "--read-role",
  READ_ROLE,
  "--fix-with-profile",
  "--profile-pattern",
  PROFILE_PATTERN,
  "--endpoint-url",
  endpoint,
  "--sts-endpoint-url",
  endpoint,
  "--path-style",
  "--organizations-endpoint-url",
  organizationsUrl,
];
