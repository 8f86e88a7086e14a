// For tests that play S3 or STS with a local server: the SDK's default chain finds these keys in the environment
// while the tests run, and the environment is as it was afterwards.
import { afterAll, beforeAll } from "vitest";

export function withStaticKeys(accessKeyId: string, secretAccessKey: string) {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = secretAccessKey;
  });
  afterAll(() => {
    for (const [name, value] of [
      ["AWS_ACCESS_KEY_ID", saved.id],
      ["AWS_SECRET_ACCESS_KEY", saved.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
}
