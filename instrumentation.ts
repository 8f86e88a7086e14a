// Runs once when the server starts: scans whose process died (kill -9, crash) continue from their checkpoints.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDb } = await import("@/lib/db");
  const { resumeInterruptedScans } = await import("@/lib/jobs/background-scans");
  const { resumeInterruptedFixes } = await import("@/lib/jobs/fixes");
  const scans = resumeInterruptedScans(getDb());
  if (scans.length > 0) console.log(`[ownerscope] resuming interrupted scans: ${scans.join(", ")}`);
  const fixes = resumeInterruptedFixes(getDb());
  if (fixes.length > 0) console.log(`[ownerscope] resuming interrupted fix jobs: ${fixes.join(", ")}`);
}
