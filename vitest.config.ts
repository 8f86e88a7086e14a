import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("./", import.meta.url));
const shared = {
  resolve: {
    alias: {
      "@": root,
      // `server-only` throws outside a React server bundle; in tests the code runs on the server anyway.
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          environment: "node",
          // A test that asserts nothing (a loop over an empty fixture) fails instead of passing.
          expect: { requireAssertions: true },
          include: ["lib/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.lab.test.ts", "node_modules/**"],
          globalSetup: ["./scripts/test-tmp.ts"],
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          environment: "node",
          expect: { requireAssertions: true },
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
          include: ["lib/**/*.lab.test.ts", "scripts/**/*.lab.test.ts"],
          globalSetup: ["./scripts/test-tmp.ts", "./scripts/lab/require-lab.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
