import { ACL_BUCKET, LOGS_BUCKET, writeAclLogs, writeAclScenario } from "./acl-scenario";
import { loadLab } from "./lab-env";
const lab = loadLab();
await writeAclScenario(lab, ACL_BUCKET);
await writeAclLogs(lab, LOGS_BUCKET, ACL_BUCKET);
console.log("ok");
