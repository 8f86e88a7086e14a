// Runs once when the server starts: scans, fixes and a fleet run whose process died (kill -9, crash) continue from their
// checkpoints, watching starts, and the intake is handed to scripts/server.mjs, which answers deliveries itself.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db");
  const { resumeInterruptedScans } = await import("@/lib/jobs/background-scans");
  const { resumeInterruptedFixes } = await import("@/lib/jobs/fixes");
  const scans = resumeInterruptedScans(getDb());
  if (scans.length > 0) console.log(`[ownerscope] resuming interrupted scans: ${scans.join(", ")}`);
  const fixes = resumeInterruptedFixes(getDb());
  if (fixes.length > 0) console.log(`[ownerscope] resuming interrupted fix jobs: ${fixes.join(", ")}`);
  const { resumeInterruptedFleetRun } = await import("@/lib/jobs/fleet-background");
  const fleetRun = resumeInterruptedFleetRun(getDb());
  if (fleetRun !== null) console.log(`[ownerscope] resuming interrupted fleet run ${fleetRun}`);
  // Watching: events stored but not yet checked (the server stopped) are checked now, then each as it arrives.
  const { startWatchService } = await import("@/lib/jobs/watch-service");
  startWatchService(getDb());
  // Deliveries of events skip the framework's per-request work (lib/api/intake-node.ts says why); scripts/server.mjs
  // looks for this handler on each request and, until it is here, lets the route answer.
  const { intakeConnectionOf, serveIntake } = await import("@/lib/api/intake-node");
  (globalThis as { ownerscopeIntake?: unknown }).ownerscopeIntake = { intakeConnectionOf, serveIntake };
}
