import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Layers import downwards only (docs/architecture.md): a cycle is a layering mistake.
      "import/no-cycle": ["error", { ignoreExternal: true }],
      // The layers of docs/architecture.md: nothing imports upwards, and the browser's side no server module.
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: [
                "./lib/audit",
                "./lib/fix",
                "./lib/inventory",
                "./lib/ownership",
                "./lib/migrate",
                "./lib/watch",
                "./lib/alerts",
                "./lib/connections",
                "./lib/schemas",
              ],
              from: ["./lib/aws", "./lib/db", "./lib/jobs", "./lib/api", "./lib/notify"],
            },
            { target: ["./lib/aws", "./lib/db", "./lib/notify"], from: ["./lib/jobs", "./lib/api"] },
            { target: "./lib/jobs", from: "./lib/api" },
            {
              target: ["./components", "./lib/queries", "./lib/hooks"],
              from: ["./lib/aws", "./lib/db", "./lib/jobs", "./lib/api", "./lib/notify"],
            },
          ],
        },
      ],
      "import/order": [
        "error",
        {
          groups: ["builtin", "external", "internal", ["parent", "sibling", "index"], "type"],
          pathGroups: [{ pattern: "@/**", group: "internal" }],
          pathGroupsExcludedImportTypes: ["builtin"],
          alphabetize: { order: "asc", caseInsensitive: true },
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    // SQL lives in lib/db (docs/architecture.md): no statement is prepared anywhere else in the application. Tests,
    // the lab's synthetic data and the benchmarks read and write the database directly to set up and check.
    files: ["app/**", "lib/**", "components/**", "scripts/cli/**", "instrumentation.ts", "proxy.ts"],
    ignores: ["lib/db/**", "**/*.test.ts", "**/*.test-helper.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message: "SQL belongs in lib/db: add a function there and call it.",
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    ".lab/**",
    "data/**",
    "artifacts/**",
  ]),
]);
