// Tests and benchmarks watch what a real client sends, on the lab, without standing in for it.
import type { S3Client } from "@aws-sdk/client-s3";

/**
 * Calls `afterEach` with the command's name and input after every request `clients` send (answered or failed),
 * until the returned function is called.
 */
export function watchRequests(
  clients: S3Client[],
  afterEach: (command: string, input: Record<string, unknown>) => void | Promise<void>,
): () => void {
  const name = `watchRequests${Math.random().toString(36).slice(2)}`;
  for (const client of clients) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        try {
          return await next(args);
        } finally {
          await afterEach(context.commandName ?? "", args.input as Record<string, unknown>);
        }
      },
      { step: "initialize", name },
    );
  }
  return () => {
    for (const client of clients) client.middlewareStack.remove(name);
  };
}
