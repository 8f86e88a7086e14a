import { z } from "zod";

/**
 * A Batch Operations completion report: its manifest.json names the result CSV files; each line is
 * Bucket, Key (URL-encoded), VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage.
 */
export const completionManifestSchema = z.object({
  Format: z.string(),
  ReportCreationDate: z.string().optional(),
  Results: z.array(
    z.object({
      TaskExecutionStatus: z.string(),
      Bucket: z.string(),
      MD5Checksum: z.string().optional(),
      Key: z.string(),
    }),
  ),
});

export type TaskResult = {
  bucket: string;
  key: string;
  versionId: string | null;
  succeeded: boolean;
  message: string;
};

const decodeKey = (key: string) => {
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return null;
  }
};

/** One result line; null for a line that is not one (a blank line, a key that does not decode). */
export function parseResultLine(line: string): TaskResult | null {
  if (!line.trim()) return null;
  const [bucket = "", rawKey = "", versionId = "", status = "", errorCode = "", , ...message] =
    line.split(",");
  const key = decodeKey(rawKey);
  if (key === null || key === "") return null;
  return {
    bucket,
    key,
    versionId: versionId || null,
    succeeded: status.toLowerCase() === "succeeded",
    message: (errorCode ? `${errorCode}: ` : "") + message.join(",").replace(/^"|"$/g, ""),
  };
}
