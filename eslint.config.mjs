import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The server's layers: I/O, long work and use cases (docs/architecture.md).
const server = [
  "./lib/aws",
  "./lib/db",
  "./lib/jobs",
  "./lib/api",
  "./lib/alerts/channels.ts",
  "./lib/alerts/deliver.ts",
];

// SQL lives in lib/db (docs/architecture.md): no statement is prepared anywhere else in the application.
const noSqlHere = {
  selector: "CallExpression[callee.property.name='prepare']",
  message: "SQL belongs in lib/db: add a function there and call it.",
};
// Screens draw buttons, form controls and their frames through components/ui, never by hand (one palette).
const uiPrimitives = [
  {
    selector: "JSXOpeningElement[name.name=/^(button|input|select|textarea)$/]",
    message:
      "Use Button (components/ui/button.tsx) or Input, Select, Check (components/ui/field.tsx); a new kind of control goes there first.",
  },
  ...["Literal[value", "TemplateElement[value.raw"].map((node) => ({
    selector: `${node}=/rounded(-md)? border border-slate-300|bg-slate-900 .*text-white|rounded-lg border border-slate-200 bg-white/]`,
    message:
      "A button's, a field's or a box's look comes from components/ui (buttonClass, the field primitives, boxClass).",
  })),
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Layers import downwards only (docs/architecture.md): a cycle is a layering mistake.
      "import/no-cycle": ["error", { ignoreExternal: true }],
      // The layers of docs/architecture.md: nothing imports upwards, and the browser's side no server module
      // (lib/architecture.test.ts checks the same order folder by folder).
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: [
                "./lib/audit",
                "./lib/auth",
                "./lib/fix",
                "./lib/inventory",
                "./lib/ownership",
                "./lib/migrate",
                "./lib/watch",
                "./lib/connections",
                "./lib/listing",
              ],
              from: [...server, "./lib/alerts", "./lib/schemas", "./lib/export"],
            },
            { target: ["./lib/schemas", "./lib/export"], from: [...server, "./lib/alerts"] },
            { target: ["./lib/alerts/rules.ts", "./lib/alerts/summary.ts"], from: server },
            { target: ["./lib/aws", "./lib/db"], from: ["./lib/jobs", "./lib/api", "./lib/alerts"] },
            { target: "./lib/alerts", from: ["./lib/jobs", "./lib/api"] },
            { target: "./lib/jobs", from: "./lib/api" },
            { target: ["./components", "./lib/queries", "./lib/hooks"], from: server },
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
    // A test sets up and checks through whichever layer it needs (a pure function's test may build its input with a
    // schema, a use case's test reads the database).
    files: ["**/*.test.ts", "**/*.test-helper.ts"],
    rules: { "import/no-restricted-paths": "off" },
  },
  {
    // No SQL outside lib/db. Tests, the lab's synthetic data and the benchmarks read and write the database directly
    // to set up and check.
    files: ["app/**", "lib/**", "components/**", "scripts/cli/**", "instrumentation.ts", "proxy.ts"],
    ignores: ["lib/db/**", "**/*.test.ts", "**/*.test-helper.ts"],
    rules: { "no-restricted-syntax": ["error", noSqlHere] },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    ignores: ["components/ui/**", "**/*.test.ts"],
    rules: { "no-restricted-syntax": ["error", noSqlHere, ...uiPrimitives] },
  },
  {
    // What a table keeps as JSON is read through its schema (lib/schemas/stored.ts, parseStored), never cast.
    files: ["lib/db/**"],
    ignores: ["**/*.test.ts", "**/*.test-helper.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='JSON'][callee.property.name='parse']",
          message: "Read a stored JSON column with parseStored and its schema (lib/schemas/stored.ts).",
        },
      ],
    },
  },
  {
    // The command line calls the use cases the routes call (lib/api), never the database, S3 or the runners
    // directly: the CLI and the browser cannot disagree. Types may be named.
    files: ["scripts/cli/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/lib/db", "@/lib/db/*", "@/lib/aws/*", "@/lib/jobs/*"],
              allowTypeImports: true,
              message: "The CLI calls lib/api: add the use case there (docs/architecture.md).",
            },
          ],
        },
      ],
    },
  },
  {
    // Functions small enough to read in one sitting, counted in lines as written: a use case or domain function over
    // 80 lines says why on the line above it (and none goes over 120: lib/architecture.test.ts), a component over 120
    // is split into the parts it already has.
    files: ["lib/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.test-helper.ts"],
    rules: { "max-lines-per-function": ["error", { max: 80 }] },
  },
  {
    files: ["components/**/*.tsx"],
    rules: { "max-lines-per-function": ["error", { max: 120 }] },
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
