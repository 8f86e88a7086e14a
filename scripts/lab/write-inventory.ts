// npm run lab:inventory -- --bucket SOURCE [--dest inventory-reports] [--prefix P/] [--format CSV|Parquet]
//   [--without-acl] [--versions]
// Writes an S3 Inventory report of a lab bucket (its listing, owners and ACLs) in AWS's layout, as S3 would deliver
// it (the lab's gateway has no Inventory of its own), and prints the manifest's s3:// location.
import { parseArgs } from "node:util";
import { reportRowsOf, writeReport } from "./inventory";
import { loadLab } from "./lab-env";

const { values } = parseArgs({
  options: {
    bucket: { type: "string" },
    dest: { type: "string", default: "inventory-reports" },
    prefix: { type: "string", default: "" },
    format: { type: "string", default: "CSV" },
    "without-acl": { type: "boolean", default: false },
    versions: { type: "boolean", default: false },
  },
});
if (!values.bucket || (values.format !== "CSV" && values.format !== "Parquet")) {
  console.error(
    "usage: write-inventory --bucket SOURCE [--dest BUCKET] [--prefix P/] [--format CSV|Parquet]",
  );
  process.exit(2);
}
const lab = loadLab();
const rows = await reportRowsOf(lab, values.bucket, values.versions);
const key = await writeReport(lab, values.bucket, values.dest!, values.prefix!, rows, {
  format: values.format,
  withoutAcl: values["without-acl"],
  versions: values.versions,
});
console.log(`s3://${values.dest}/${key}`);
