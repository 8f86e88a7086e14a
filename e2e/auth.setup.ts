import { expect, test as setup } from "@playwright/test";
import { rolePassword, storageStateFor } from "./fixtures";

for (const role of ["admin", "operator", "viewer"] as const) {
  setup(`sign in as ${role}`, async ({ request }) => {
    const response = await request.post("/api/auth/login", {
      data: { username: `e2e-${role}`, password: rolePassword() },
    });
    expect(response.status()).toBe(200);
    await request.storageState({ path: storageStateFor(role) });
  });
}
