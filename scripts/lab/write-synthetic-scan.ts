// npx tsx --conditions=react-server scripts/lab/write-synthetic-scan.ts --data-dir D --bucket B --findings N [--seed S]
//   writes a completed scan of N synthetic findings of bucket B (owned by the lab's accounts) for connection "lab"
//   into D's database and prints {"scanId", "foreign"}; with --delete instead of --findings, removes B's scans.
import { parseArgs } from "node:util";
import { openDb } from "@/lib/db";
import { dbFileIn } from "@/lib/env";
import { loadLab } from "./lab-env";
import { writeSyntheticScan } from "./synthetic-scan";

const { values } = parseArgs({
  options: {
    "data-dir": { type: "string" },
    bucket: { type: "string" },
    findings: { type: "string" },
    seed: { type: "string", default: "0" },
    delete: { type: "boolean", default: false },
  },
});
if (!values["data-dir"] || !values.bucket || (!values.findings && !values.delete))
  throw new Error("usage: --data-dir D --bucket B (--findings N [--seed S] | --delete)");
const db = openDb(dbFileIn(values["data-dir"]));
if (values.delete) {
  const { changes } = db
    .prepare("DELETE FROM scans WHERE connection_id = 'lab' AND bucket = ?")
    .run(values.bucket);
  process.stdout.write(`${JSON.stringify({ deleted: changes })}\n`);
} else {
  const lab = loadLab();
  const written = writeSyntheticScan(db, {
    connectionId: "lab",
    bucket: values.bucket,
    findings: Number(values.findings),
    seed: Number(values.seed),
    owners: {
      bucketOwner: lab.bucketOwner.canonicalId,
      writer: lab.writer.canonicalId,
      thirdParty: lab.thirdParty.canonicalId,
    },
  });
  process.stdout.write(`${JSON.stringify(written)}\n`);
}
db.close();
