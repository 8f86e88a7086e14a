import "server-only";
import type Database from "better-sqlite3";

// Append only: each entry upgrades the schema by one version, inside one transaction.
export const migrations: readonly string[] = [
  `
  CREATE TABLE connections (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    profile TEXT,
    role_arn TEXT,
    external_id TEXT,
    session_name TEXT,
    region TEXT NOT NULL,
    endpoint_url TEXT,
    force_path_style INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE accounts (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL,
    name TEXT NOT NULL,
    fixer_profile TEXT,
    fixer_role_arn TEXT,
    fixer_external_id TEXT,
    PRIMARY KEY (connection_id, canonical_id)
  );
  `,
  `
  CREATE TABLE scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
    -- The AWS target (references only, never keys) and a digest of it, so a re-run can find its own checkpoint.
    target_json TEXT NOT NULL,
    identity TEXT NOT NULL,
    bucket TEXT NOT NULL,
    prefix TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('full', 'fast')),
    versions INTEGER NOT NULL,
    concurrency INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    bucket_owner_id TEXT,
    posture_json TEXT,
    -- Listing checkpoint: the last key (and version) whose page is durably stored.
    list_after_key TEXT,
    list_after_version TEXT,
    listing_done INTEGER NOT NULL DEFAULT 0,
    listed INTEGER NOT NULL DEFAULT 0,
    classified INTEGER NOT NULL DEFAULT 0,
    listed_bytes INTEGER NOT NULL DEFAULT 0,
    count_owned INTEGER NOT NULL DEFAULT 0,
    count_foreign_full_control INTEGER NOT NULL DEFAULT 0,
    count_foreign_readable INTEGER NOT NULL DEFAULT 0,
    count_foreign_locked INTEGER NOT NULL DEFAULT 0,
    count_unknown INTEGER NOT NULL DEFAULT 0,
    requests INTEGER NOT NULL DEFAULT 0,
    retries INTEGER NOT NULL DEFAULT 0,
    throttled INTEGER NOT NULL DEFAULT 0,
    runs INTEGER NOT NULL DEFAULT 0,
    active_ms INTEGER NOT NULL DEFAULT 0,
    runner_pid INTEGER,
    heartbeat_at INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  CREATE INDEX scans_by_bucket ON scans(connection_id, bucket, id);
  CREATE INDEX scans_by_identity ON scans(identity, status);

  CREATE TABLE findings (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL, -- '' when versions were not scanned
    is_latest INTEGER,
    delete_marker INTEGER NOT NULL DEFAULT 0,
    owner_id TEXT,
    owner_display_name TEXT,
    status TEXT, -- NULL while listed but not yet classified
    bucket_owner_access TEXT,
    public_grant INTEGER,
    grants_json TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    last_modified TEXT,
    storage_class TEXT,
    etag TEXT,
    reason TEXT,
    PRIMARY KEY (scan_id, key, version_id)
  ) WITHOUT ROWID;
  CREATE INDEX findings_pending ON findings(scan_id, key, version_id) WHERE status IS NULL;
  CREATE INDEX findings_by_status ON findings(scan_id, status, key);
  CREATE INDEX findings_by_owner ON findings(scan_id, owner_id, key);
  `,
  `
  CREATE TABLE fix_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
    scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    bucket TEXT NOT NULL,
    -- References only: the read target, the bucket owner's write target, and each foreign account's fixer.
    targets_json TEXT NOT NULL,
    requested_strategy TEXT,
    concurrency INTEGER NOT NULL,
    actor TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'failed', 'cancelled')),
    pause_requested INTEGER NOT NULL DEFAULT 0,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    runner_pid INTEGER,
    heartbeat_at INTEGER,
    runs INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  CREATE TABLE fix_items (
    job_id INTEGER NOT NULL REFERENCES fix_jobs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL,
    strategy TEXT,
    then_strategy TEXT,
    planned_etag TEXT,
    owner_before TEXT,
    access_before TEXT,
    size INTEGER NOT NULL DEFAULT 0,
    -- pending -> copying (snapshot saved) -> fixed | skipped | failed | changed-since-scan
    state TEXT NOT NULL,
    step TEXT,
    snapshot_json TEXT,
    owner_after TEXT,
    access_after TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    PRIMARY KEY (job_id, key, version_id)
  ) WITHOUT ROWID;
  CREATE INDEX fix_items_by_state ON fix_items(job_id, state, key);

  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor TEXT NOT NULL,
    job_id INTEGER,
    connection_id TEXT,
    bucket TEXT NOT NULL,
    key TEXT,
    version_id TEXT,
    action TEXT NOT NULL,
    owner_before TEXT,
    access_before TEXT,
    owner_after TEXT,
    access_after TEXT,
    result TEXT NOT NULL,
    reason TEXT
  );
  CREATE INDEX audit_by_bucket ON audit_log(bucket, id);
  CREATE INDEX audit_by_job ON audit_log(job_id, id);
  `,
  `
  -- The bucket owner's write identity, used to take ownership (copy in place as the bucket owner).
  ALTER TABLE connections ADD COLUMN owner_profile TEXT;
  ALTER TABLE connections ADD COLUMN owner_role_arn TEXT;
  `,
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    password_hash TEXT, -- scrypt$N$r$p$salt$hash; NULL for users who only arrive through a trusted SSO header
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    password_changed_at TEXT
  );
  -- Session and share tokens are stored as SHA-256 digests: the database never holds a usable token.
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX sessions_by_user ON sessions(user_id);
  CREATE TABLE login_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE share_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    view_json TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE TABLE login_failures (
    username TEXT NOT NULL COLLATE NOCASE,
    at INTEGER NOT NULL
  );
  CREATE INDEX login_failures_by_user ON login_failures(username, at);
  `,
  `
  -- Sorting findings by size or by date pages through these instead of sorting a million rows per page.
  CREATE INDEX findings_by_size ON findings(scan_id, size, key, version_id);
  CREATE INDEX findings_by_modified ON findings(scan_id, coalesce(last_modified, ''), key, version_id);
  `,
  `
  -- A fix rewrites a finding's owner in place (so the scan shows the fix); the owner the scan saw stays here, so a
  -- diff of two scans still counts the key as fixed.
  ALTER TABLE findings ADD COLUMN owner_at_scan TEXT;
  `,
  `
  -- Where a scan's findings came from: a live listing, or an S3 Inventory report (and that report's date).
  ALTER TABLE scans ADD COLUMN source TEXT NOT NULL DEFAULT 'live';
  ALTER TABLE scans ADD COLUMN report_date TEXT;
  `,
  `
  -- A fix acts on the state it planned against, re-checked before each write: which object (the key's current one,
  -- or one noncurrent version), the version the plan saw as current, and the grants it saw (NULL: not readable).
  ALTER TABLE fix_items ADD COLUMN is_current INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE fix_items ADD COLUMN planned_version TEXT;
  ALTER TABLE fix_items ADD COLUMN planned_grants_json TEXT;
  -- Set by a retry: read the object afresh and plan it again before acting.
  ALTER TABLE fix_items ADD COLUMN observe INTEGER NOT NULL DEFAULT 0;
  UPDATE fix_items SET is_current = 0 WHERE strategy = 'grant' AND version_id NOT IN ('', 'null');
  UPDATE fix_items SET planned_version = version_id WHERE is_current = 1;
  -- Public grants (AllUsers, AuthenticatedUsers) are restated only when the plan chose to.
  ALTER TABLE fix_jobs ADD COLUMN keep_public_grants INTEGER NOT NULL DEFAULT 0;
  -- Every grant an object had before a fix and has after it.
  ALTER TABLE audit_log ADD COLUMN grants_before TEXT;
  ALTER TABLE audit_log ADD COLUMN grants_after TEXT;

  -- Batch Operations jobs submitted for a scan, with where their completion report will be: the report is read from
  -- there only, and applied to the scan once, when an operator asks.
  CREATE TABLE batch_jobs (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    job_id TEXT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    account_id TEXT NOT NULL,
    work_bucket TEXT NOT NULL,
    report_prefix TEXT NOT NULL,
    submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    applied_at TEXT,
    applied_json TEXT,
    PRIMARY KEY (scan_id, job_id)
  ) WITHOUT ROWID;
  `,
  `
  -- Sign-in attempts are counted per user and address (a stranger's guesses hold back the stranger's address, not
  -- the user), recorded before the password is checked so parallel guesses count, and pruned as they age.
  ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT 'unknown';
  CREATE INDEX login_failures_by_address ON login_failures(address, at);
  CREATE INDEX login_failures_by_time ON login_failures(at);
  `,
  `
  -- An admin can disable a user: the user's sessions, one-time links and share links stop working at once.
  ALTER TABLE users ADD COLUMN disabled_at TEXT;
  `,
  `
  -- STS gets its own endpoint (null: AWS STS). Connections saved before assumed roles at their S3 endpoint; they keep
  -- doing so, now as a visible setting an admin can clear.
  ALTER TABLE connections ADD COLUMN sts_endpoint_url TEXT;
  UPDATE connections SET sts_endpoint_url = endpoint_url;
  `,
  `
  -- Where an admin allowed a connection's inventory reports to be read from, beside its buckets' configured
  -- destinations. prefix is "" (the whole bucket) or ends with "/".
  CREATE TABLE inventory_locations (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    prefix TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (connection_id, bucket, prefix)
  ) WITHOUT ROWID;
  `,
  `
  -- A scan is a record of what it saw, never rewritten: what a fix (or an applied Batch Operations report) found
  -- afterwards is kept beside the finding it changed, one row per finding, the latest change.
  CREATE TABLE finding_changes (
    scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL,
    now_owner_id TEXT,
    now_status TEXT NOT NULL,
    now_bucket_owner_access TEXT,
    now_public_grant INTEGER,
    now_grants_json TEXT,
    now_reason TEXT,
    fix_job_id INTEGER,
    batch_job_id TEXT,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (scan_id, key, version_id)
  ) WITHOUT ROWID;
  -- Fixes used to be written into the findings, keeping only the owner the scan saw: they move beside them. The
  -- status the scan saw was not kept, so a foreign owner's row says so ("unknown"), and the counts follow the rows.
  INSERT INTO finding_changes (scan_id, key, version_id, now_owner_id, now_status, now_bucket_owner_access,
    now_public_grant, now_grants_json, now_reason, changed_at)
  SELECT scan_id, key, version_id, owner_id, coalesce(status, 'unknown'), bucket_owner_access, public_grant,
    grants_json, reason, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM findings WHERE owner_at_scan IS NOT NULL;
  UPDATE findings SET owner_id = owner_at_scan, public_grant = NULL, grants_json = NULL,
    status = CASE WHEN owner_at_scan = (SELECT bucket_owner_id FROM scans WHERE scans.id = findings.scan_id)
      THEN 'owned' ELSE 'unknown' END,
    bucket_owner_access = CASE WHEN owner_at_scan = (SELECT bucket_owner_id FROM scans WHERE scans.id = findings.scan_id)
      THEN 'full-control' ELSE 'unknown' END,
    reason = CASE WHEN owner_at_scan = (SELECT bucket_owner_id FROM scans WHERE scans.id = findings.scan_id)
      THEN NULL ELSE 'the status this scan saw was not kept (fixed before scans were kept unchanged)' END
  WHERE owner_at_scan IS NOT NULL;
  UPDATE scans SET
    count_owned = (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id AND f.status = 'owned'),
    count_foreign_full_control =
      (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id AND f.status = 'foreign-full-control'),
    count_foreign_readable =
      (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id AND f.status = 'foreign-readable'),
    count_foreign_locked = (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id AND f.status = 'foreign-locked'),
    count_unknown = (SELECT count(*) FROM findings f WHERE f.scan_id = scans.id AND f.status = 'unknown')
  WHERE id IN (SELECT scan_id FROM finding_changes);
  ALTER TABLE findings DROP COLUMN owner_at_scan;
  `,
  `
  -- What the overview says of a completed scan beyond its counters (the bytes of its foreign keys, the foreign keys
  -- the scan before it of the same scope did not have), learnt once: a completed scan never changes.
  CREATE TABLE scan_facts (
    scan_id INTEGER PRIMARY KEY REFERENCES scans(id) ON DELETE CASCADE,
    foreign_bytes INTEGER NOT NULL,
    previous_scan_id INTEGER,
    new_foreign INTEGER
  );
  `,
  `
  -- Disabling ACLs: an account's policy principal (an account ID or an ARN) for translating its grants; each
  -- migration's snapshot of the bucket before the switch (policy text byte for byte, bucket ACL, Object Ownership,
  -- the planned policy) with the steps' state; every object's owner and grants at the snapshot; and the evidence
  -- from the logs, newest kept per bucket.
  ALTER TABLE accounts ADD COLUMN principal TEXT;
  CREATE TABLE acl_migrations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
    bucket TEXT NOT NULL,
    scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    owner_id TEXT NOT NULL,
    policy_before TEXT,
    bucket_acl_json TEXT NOT NULL,
    ownership_before TEXT NOT NULL,
    policy_planned TEXT NOT NULL,
    steps_json TEXT NOT NULL DEFAULT '{}',
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX acl_migrations_by_bucket ON acl_migrations(connection_id, bucket, id);
  CREATE TABLE acl_snapshot_objects (
    migration_id INTEGER NOT NULL REFERENCES acl_migrations(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL,
    owner_id TEXT,
    grants_json TEXT,
    PRIMARY KEY (migration_id, key, version_id)
  ) WITHOUT ROWID;
  CREATE TABLE acl_evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    request_json TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX acl_evidence_by_bucket ON acl_evidence(connection_id, bucket, id);
  `,
  `
  -- Watching buckets. The intake's secret per connection; the buckets watched (with the owner's canonical ID read
  -- when watching began, and the fix-by-rule switch); every object-created event received, committed before the
  -- sender hears 2xx and checked once (the queue the live checker drains); the live record of what the checks found;
  -- and which writers' objects are fixed on arrival.
  CREATE TABLE watch_intake (
    connection_id TEXT PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE watched_buckets (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    source TEXT NOT NULL,
    setup_json TEXT NOT NULL DEFAULT '{}',
    fix_by_rule INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (connection_id, bucket)
  );
  CREATE TABLE watch_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    version_id TEXT NOT NULL,
    etag TEXT NOT NULL,
    sequencer TEXT NOT NULL,
    writer TEXT,
    event_time TEXT,
    source TEXT NOT NULL,
    received_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT '',
    checked_at TEXT,
    outcome TEXT,
    UNIQUE (connection_id, bucket, key, version_id, etag, sequencer)
  );
  CREATE INDEX watch_events_pending ON watch_events(state, next_attempt_at, id);
  CREATE INDEX watch_events_by_bucket ON watch_events(connection_id, bucket, state);
  CREATE INDEX watch_events_newest ON watch_events(connection_id, bucket, id);
  CREATE TABLE live_findings (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    writer TEXT,
    owner_id TEXT,
    status TEXT NOT NULL,
    bucket_owner_access TEXT NOT NULL,
    reason TEXT,
    size INTEGER,
    etag TEXT,
    event_id INTEGER,
    first_seen TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    fix_job_id INTEGER,
    fixed_by_rule_at TEXT,
    UNIQUE (connection_id, bucket, key)
  );
  CREATE INDEX live_findings_by_bucket ON live_findings(connection_id, bucket, seq);
  -- The arrivals a fix by rule is working on (what the server's tick looks at every second), and nothing else.
  CREATE INDEX live_findings_fixing ON live_findings(fix_job_id)
    WHERE fix_job_id IS NOT NULL AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked');
  CREATE TABLE watch_fixers (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    account_id TEXT NOT NULL,
    PRIMARY KEY (connection_id, bucket, account_id)
  );
  `,
  `
  -- Alerts: where they go (a webhook, Slack, e-mail), the rules per bucket that make them (each remembers the last
  -- live finding it considered), every alert made, and each delivery with its retries.
  CREATE TABLE alert_channels (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    config_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE alert_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    account_id TEXT,
    threshold INTEGER NOT NULL DEFAULT 1,
    digest_minutes INTEGER,
    channel_id INTEGER NOT NULL REFERENCES alert_channels(id) ON DELETE CASCADE,
    cursor_seq INTEGER NOT NULL DEFAULT 0,
    last_alert_at TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX alert_rules_by_bucket ON alert_rules(connection_id, bucket);
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER REFERENCES alert_rules(id) ON DELETE SET NULL,
    connection_id TEXT NOT NULL,
    bucket TEXT NOT NULL,
    summary_json TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
    channel_id INTEGER REFERENCES alert_channels(id) ON DELETE SET NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_error TEXT,
    sent_at TEXT
  );
  CREATE INDEX alert_deliveries_due ON alert_deliveries(state, next_attempt_at);
  -- Rescans on a schedule: one per bucket, with the next run's time (a run missed while the server was down runs
  -- once at start) and the scans it started.
  CREATE TABLE scan_schedules (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    every_hours REAL NOT NULL,
    mode TEXT NOT NULL,
    next_run_at TEXT NOT NULL,
    last_scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (connection_id, bucket)
  );
  CREATE TABLE schedule_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    due_at TEXT NOT NULL,
    started_at TEXT NOT NULL,
    error TEXT,
    absorbed INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX schedule_runs_by_bucket ON schedule_runs(connection_id, bucket, id);
  `,
  // 18: a channel's health (consecutive failed attempts, since when), shown so an admin sees which one is broken.
  `
  ALTER TABLE alert_channels ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE alert_channels ADD COLUMN failing_since TEXT;
  `,
  // 19: fixing by rule acts only on what S3 shows arrived while watched: each live finding keeps the time window its
  // arrival was reported in (S3's LastModified must fall in it), and every fix-by-rule write is counted where it
  // happens (a key rewritten five times is five writes), per bucket and for the server.
  `
  ALTER TABLE live_findings ADD COLUMN arrived_after TEXT;
  ALTER TABLE live_findings ADD COLUMN arrived_before TEXT;
  ALTER TABLE live_findings ADD COLUMN rule_note TEXT;
  CREATE TABLE rule_fixes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL,
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    job_id INTEGER,
    at TEXT NOT NULL
  );
  CREATE INDEX rule_fixes_by_time ON rule_fixes(at);
  `,
  // 20: when the intake could not have been listening (the server down, a queue unreadable, events refused), each
  // watched bucket has a gap, closed by a catch-up scan whose new foreign keys join the live record once. The
  // heartbeat says when this server was last known to be up.
  `
  CREATE TABLE server_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL);
  CREATE TABLE watch_gaps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    cause TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    state TEXT NOT NULL DEFAULT 'open',
    scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    found INTEGER,
    note TEXT,
    closed_at TEXT
  );
  CREATE INDEX watch_gaps_by_bucket ON watch_gaps(connection_id, bucket, id);
  CREATE INDEX watch_gaps_unclosed ON watch_gaps(state) WHERE state <> 'closed';
  `,
  // 21: a secret per watched bucket, rotatable (an old one is accepted until its grace period ends). Buckets
  // watched before keep the connection's secret they were set up with, until an admin rotates it.
  `
  CREATE TABLE watch_secrets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    expires_at TEXT
  );
  CREATE INDEX watch_secrets_by_connection ON watch_secrets(connection_id, bucket);
  INSERT INTO watch_secrets (connection_id, bucket, secret)
    SELECT w.connection_id, w.bucket, i.secret FROM watched_buckets w JOIN watch_intake i USING (connection_id);
  -- Checked events older than the retention an admin sets are pruned, oldest first.
  CREATE INDEX watch_events_by_time ON watch_events(received_at);
  `,
  // 22: reading logs for evidence is a job, one at a time per server, in a thread of its own: its progress, a
  // cancel, and why it stopped short when it did.
  `
  CREATE TABLE evidence_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    request_json TEXT NOT NULL,
    actor TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'running',
    files INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    requesters INTEGER NOT NULL DEFAULT 0,
    runner_pid INTEGER,
    heartbeat_at INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    partial TEXT,
    error TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  CREATE INDEX evidence_jobs_by_bucket ON evidence_jobs(connection_id, bucket, id);
  `,
  `
  -- The watch checker asks, for an arriving object, whether one of this bucket's fix jobs wrote it.
  CREATE INDEX fix_jobs_by_bucket ON fix_jobs(connection_id, bucket, id);
  `,
  `
  -- The bucket page's default order as a column of its own (computed, not stored): the most severe status first, the
  -- largest first within it. A column, not an indexed expression, so that a page's keyset condition
  -- (risk, key, version_id) > (...) is a range on the index; over an expression SQLite walks the scan from its
  -- start for every page. The same for the order by date, whose expression index had that cost.
  ALTER TABLE findings ADD COLUMN risk INTEGER GENERATED ALWAYS AS ((CASE status WHEN 'foreign-locked' THEN 0
    WHEN 'foreign-readable' THEN 1 WHEN 'foreign-full-control' THEN 2 WHEN 'unknown' THEN 3 WHEN 'owned' THEN 5
    ELSE 4 END) * 10000000000000 - max(0, min(size, 9999999999999))) VIRTUAL;
  CREATE INDEX findings_by_risk ON findings(scan_id, risk, key, version_id);
  ALTER TABLE findings ADD COLUMN modified TEXT GENERATED ALWAYS AS (coalesce(last_modified, '')) VIRTUAL;
  DROP INDEX findings_by_modified;
  CREATE INDEX findings_by_modified ON findings(scan_id, modified, key, version_id);
  `,
  `
  -- A listing in pieces listed at once: each piece's range and where it goes on (lib/listing/key-space.ts), written
  -- with every listed page. Scans listed in one stream before this kept their place in list_after_key alone.
  ALTER TABLE scans ADD COLUMN listing_json TEXT;
  `,
  `
  -- The fleet: every account of an organization (or an accounts file), how it was reached, each bucket found in it
  -- and where its scan stands. An account's connection (acct-<id>) is an ordinary connection, so its bucket pages,
  -- fixes and alerts are those of any other. One row of settings: the fleet is the whole organization.
  CREATE TABLE fleet_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    settings_json TEXT NOT NULL,
    synced_at TEXT,
    sync_attempted_at TEXT,
    left_out INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE fleet_accounts (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    ou_path_json TEXT NOT NULL DEFAULT '[]',
    ou_ids_json TEXT NOT NULL DEFAULT '[]',
    tags_json TEXT NOT NULL DEFAULT '{}',
    role TEXT,
    external_id TEXT,
    profile TEXT,
    canonical_id TEXT,
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'retired')),
    health TEXT,
    health_detail TEXT,
    failing_since TEXT,
    checked_at TEXT,
    discovered_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    retired_at TEXT
  );
  CREATE INDEX fleet_accounts_by_canonical ON fleet_accounts(canonical_id);
  CREATE TABLE fleet_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('all', 'failed')),
    status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'partial', 'cancelled')),
    runner_pid INTEGER,
    heartbeat_at INTEGER,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT
  );
  -- One row per account a run takes up; listed once its buckets are known (a resumed run does not list it again).
  CREATE TABLE fleet_run_accounts (
    run_id INTEGER NOT NULL REFERENCES fleet_runs(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    listed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, account_id)
  );
  CREATE TABLE fleet_buckets (
    account_id TEXT NOT NULL REFERENCES fleet_accounts(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    region TEXT,
    state TEXT NOT NULL CHECK (state IN ('pending', 'scanned', 'failed', 'gone')),
    cause TEXT,
    detail TEXT,
    scan_id INTEGER REFERENCES scans(id) ON DELETE SET NULL,
    run_id INTEGER,
    failing_since TEXT,
    -- What the last scan found, summed once when it finished, so the fleet view reads one row per bucket.
    objects INTEGER NOT NULL DEFAULT 0,
    foreign_objects INTEGER NOT NULL DEFAULT 0,
    locked_objects INTEGER NOT NULL DEFAULT 0,
    foreign_bytes INTEGER NOT NULL DEFAULT 0,
    public_objects INTEGER NOT NULL DEFAULT 0,
    newest_foreign_at TEXT,
    writers_json TEXT NOT NULL DEFAULT '[]',
    scanned_at TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (account_id, bucket)
  );
  CREATE INDEX fleet_buckets_by_run ON fleet_buckets(run_id, state);
  `,
  `
  -- Why a fleet bucket was listed although it has an inventory configuration (stale or unreadable report).
  ALTER TABLE fleet_buckets ADD COLUMN source_note TEXT;
  `,
  `
  -- Who wrote objects into a bucket, as one reading of its logs found them (lib/writers/tally.ts): the newest
  -- reading of a bucket is its writers from logs. Bounded: at most 200 writers, their strings cut.
  CREATE TABLE bucket_writers (
    id INTEGER PRIMARY KEY,
    connection_id TEXT REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    from_at TEXT,
    to_at TEXT,
    partial TEXT,
    writers_json TEXT NOT NULL,
    other_writes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );
  CREATE INDEX bucket_writers_by_bucket ON bucket_writers(connection_id, bucket, id);
  -- The fleet run a scan belongs to: a fleet goes on with its own scans after a restart, under its own budget.
  ALTER TABLE scans ADD COLUMN fleet_run_id INTEGER;
  -- Someone asked a fleet run to stop (from the page): its runner sees it at its next heartbeat.
  ALTER TABLE fleet_runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- When a writer's team changed its setting (as an operator records it): the writers view then says whether it
  -- stopped writing without bucket-owner-full-control since.
  CREATE TABLE writer_changes (
    connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
    bucket TEXT NOT NULL,
    writer_id TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    noted_by TEXT NOT NULL,
    noted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (connection_id, bucket, writer_id)
  );
  `,
  `
  -- Each foreign owner of a fleet bucket with what it owns there (at most 50, the most objects first): the
  -- organization's writers are summed from these, never from the findings. Filled now for buckets already scanned.
  ALTER TABLE fleet_buckets ADD COLUMN writer_counts_json TEXT NOT NULL DEFAULT '[]';
  UPDATE fleet_buckets SET writer_counts_json = (SELECT json_group_array(json_object('id', owner_id, 'objects', n, 'locked', locked, 'bytes', bytes,
         'newest', newest)) FROM (SELECT owner_id, count(*) AS n, sum(status = 'foreign-locked') AS locked,
         coalesce(sum(size), 0) AS bytes, max(last_modified) AS newest FROM findings
         WHERE scan_id = fleet_buckets.scan_id AND status IN ('foreign-full-control', 'foreign-readable', 'foreign-locked')
           AND owner_id IS NOT NULL GROUP BY owner_id ORDER BY n DESC, owner_id LIMIT 50))
    WHERE scan_id IS NOT NULL;
  `,
  `
  -- The account of a writer whose setting's change was recorded: the date still shows when another source comes to
  -- name that account's writer under another ID.
  ALTER TABLE writer_changes ADD COLUMN canonical_id TEXT;
  `,
  `
  -- A counter every change to what the fleet view is built from moves (the server keeps views built until it does;
  -- the store's own data_version moves with every write anywhere, the watch thread's heartbeat each second).
  CREATE TABLE fleet_version (n INTEGER NOT NULL);
  INSERT INTO fleet_version (n) VALUES (0);
  CREATE TRIGGER fleet_buckets_insert_version AFTER INSERT ON fleet_buckets BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_buckets_update_version AFTER UPDATE ON fleet_buckets BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_buckets_delete_version AFTER DELETE ON fleet_buckets BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_accounts_insert_version AFTER INSERT ON fleet_accounts BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_accounts_update_version AFTER UPDATE ON fleet_accounts BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_accounts_delete_version AFTER DELETE ON fleet_accounts BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_settings_insert_version AFTER INSERT ON fleet_settings BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_settings_update_version AFTER UPDATE ON fleet_settings BEGIN UPDATE fleet_version SET n = n + 1; END;
  CREATE TRIGGER fleet_settings_delete_version AFTER DELETE ON fleet_settings BEGIN UPDATE fleet_version SET n = n + 1; END;
  `,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `The database schema (version ${current}) is newer than this Ownerscope (version ${migrations.length}).`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
