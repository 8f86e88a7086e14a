// Runs once when the server starts: scans and fixes whose process died (kill -9, crash) continue from their
// checkpoints, and watching starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db");
  const { resumeInterruptedScans } = await import("@/lib/jobs/background-scans");
  const { resumeInterruptedFixes } = await import("@/lib/jobs/fixes");
  const scans = resumeInterruptedScans(getDb());
  if (scans.length > 0) console.log(`[ownerscope] resuming interrupted scans: ${scans.join(", ")}`);
  const fixes = resumeInterruptedFixes(getDb());
  if (fixes.length > 0) console.log(`[ownerscope] resuming interrupted fix jobs: ${fixes.join(", ")}`);
  // Watching: events stored but not yet checked (the server stopped) are checked now, then each as it arrives.
  const { startWatchService } = await import("@/lib/jobs/watch-service");
  startWatchService(getDb());
}
