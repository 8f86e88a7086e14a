import { defineConfig, devices } from "@playwright/test";

// Started by scripts/e2e.sh, which provides a running lab, a data directory with the lab connection, a free port
// and a production build. Chromium is Debian's; Playwright never downloads a browser here.
const port = Number(process.env.OWNERSCOPE_E2E_PORT ?? 3999);
const baseURL = `http://127.0.0.1:${port}`;
// Two more servers in trusted-header mode: one whose SSO proxy is this machine, one whose proxy is elsewhere.
const ssoPort = port + 1;
const elsewherePort = port + 2;
const sso = (proxy: string) => ({
  OWNERSCOPE_TRUSTED_HEADER: "X-Forwarded-Email",
  OWNERSCOPE_TRUSTED_PROXY: proxy,
  OWNERSCOPE_TRUSTED_ROLES: "admin=sso-admin@example.com;operator=*@ops.example.com;viewer=*@example.com",
});

const chromium = {
  ...devices["Desktop Chrome"],
  channel: undefined,
  viewport: { width: 1280, height: 800 },
  launchOptions: {
    executablePath: process.env.OWNERSCOPE_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  },
};

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: [
    // Signs in once per role and keeps each session for the other projects (e2e/.auth/ROLE.json).
    { name: "setup", testMatch: "auth.setup.ts" },
    {
      name: "api",
      testMatch: "api/**/*.spec.ts",
      testIgnore: "api/heavy.spec.ts",
      dependencies: ["setup"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
    { name: "sso", testMatch: "sso/**/*.spec.ts", use: { baseURL: `http://127.0.0.1:${ssoPort}` } },
    {
      name: "ui",
      testMatch: "ui/**/*.spec.ts",
      dependencies: ["setup"],
      use: { ...chromium, storageState: "test-results/.auth/admin.json" },
    },
    // A phone: the layout at 390×844.
    {
      name: "mobile",
      testMatch: "mobile/**/*.spec.ts",
      dependencies: ["setup"],
      use: {
        ...chromium,
        viewport: { width: 390, height: 844 },
        storageState: "test-results/.auth/admin.json",
      },
    },
    // Every page at both sizes into artifacts/screenshots/ (`npm run screenshots` runs this project alone).
    {
      name: "screenshots",
      testMatch: "screenshots/**/*.spec.ts",
      dependencies: ["setup"],
      use: { ...chromium, storageState: "test-results/.auth/admin.json" },
    },
    // Last: it writes two scans of a million findings into the server's database (and removes them after).
    {
      name: "heavy",
      testMatch: "api/heavy.spec.ts",
      dependencies: ["api", "ui", "mobile", "screenshots"],
      use: { storageState: "test-results/.auth/admin.json" },
    },
  ],
  webServer: [
    { port, proxy: null },
    { port: ssoPort, proxy: "127.0.0.1" },
    { port: elsewherePort, proxy: "10.255.255.1" },
  ].map((server) => ({
    command: `bash scripts/start.sh -p ${server.port}`,
    url: `http://127.0.0.1:${server.port}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore" as const,
    stderr: "pipe" as const,
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...(server.proxy ? sso(server.proxy) : {}),
    },
  })),
});
