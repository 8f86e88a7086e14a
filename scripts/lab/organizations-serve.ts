// The lab's Organizations endpoint as a process (for the demo and by hand): prints its URL, serves until killed.
// usage: tsx --conditions=react-server scripts/lab/organizations-serve.ts
import { accessKeyOf, MANAGEMENT_ID } from "./org-layout";
import { startOrganizationsServer } from "./organizations-server";

const server = await startOrganizationsServer([accessKeyOf(MANAGEMENT_ID)]);
process.stdout.write(`${server.url}\n`);
