import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { uploadDocument } from "../lib/documents/upload-document";
import { jobRequested } from "../lib/jobs";
import { E2E_DATABASE_URL } from "./database-url";
import { expect, signIn, test } from "./fixtures";

// Who is refused what, asked for directly rather than through a link that is
// hidden from them: the pages answer 403 with a page that says so, the
// document file route 401 or 403 with nothing of the file in it.

const REFUSED = "You don't have access to this page";
const PDF = "%PDF-1.4 access-e2e";

async function realDocument(prisma: Parameters<typeof uploadDocument>[0], ownerId: string) {
  return uploadDocument(prisma, ownerId, { name: "access check.pdf", type: "application/pdf", bytes: new TextEncoder().encode(PDF) });
}

test.describe("the document file route, for a real uploaded document", () => {
  test("signed out: 401, and none of the file", async ({ playwright, baseURL, createUser, prisma }) => {
    const owner = await createUser();
    const document = await realDocument(prisma, owner.id);
    // A request context of its own: no cookies at all.
    const anonymous = await playwright.request.newContext({ baseURL });
    try {
      const response = await anonymous.get(`/staff/documents/${document.id}/file`, { maxRedirects: 0 });
      expect(response.status()).toBe(401);
      expect(response.headers()["content-type"]).toMatch(/^text\/plain/);
      const body = await response.text();
      expect(body).toBe("Sign in to see this file.");
      expect(body).not.toContain(PDF);
    } finally {
      await anonymous.dispose();
    }
  });

  test("a plain user, even its owner: 403, and none of the file; staff get the file", async ({ page, browser, createUser, prisma }) => {
    const owner = await createUser();
    const document = await realDocument(prisma, owner.id);
    await signIn(page, owner.email, owner.password);

    const refused = await page.request.get(`/staff/documents/${document.id}/file`);
    expect(refused.status()).toBe(403);
    const body = await refused.text();
    expect(body).toBe("Only staff may see uploaded documents.");
    expect(body).not.toContain(PDF);

    // The same URL is a real, servable file: a staff member gets it.
    const staff = await createUser({ role: "staff" });
    const staffContext = await browser.newContext();
    try {
      const staffPage = await staffContext.newPage();
      await signIn(staffPage, staff.email, staff.password);
      const served = await staffPage.request.get(`/staff/documents/${document.id}/file`);
      expect(served.status()).toBe(200);
      expect(await served.text()).toBe(PDF);
    } finally {
      await staffContext.close();
    }
  });
});

test("a product user is refused every staff page with a 403 page, and the document files", async ({ page, createUser, prisma }) => {
  const product = await createUser({ role: "product" });
  const owner = await createUser();
  const document = await realDocument(prisma, owner.id);
  const { job } = await jobRequested(prisma, {
    target: { type: "user", id: owner.id },
    jobType: "staff.rejected-upload",
    sender: "e2e.access",
  });
  await signIn(page, product.email, product.password);

  for (const url of [
    "/staff",
    "/staff/queues/staff.rejected-upload",
    `/staff/queues/staff.rejected-upload/${job.id}`,
    `/staff/documents/${document.id}`,
  ]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: REFUSED }), url).toBeVisible();
    await expect(page.getByRole("main"), url).not.toContainText("access check.pdf");
  }
  const file = await page.request.get(`/staff/documents/${document.id}/file`);
  expect(file.status()).toBe(403);
});

/** A port nothing listens on (bound, then closed). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

test("the dev mailbox is hidden in a production build without DEV_MAILBOX=on", async ({ page, request, createUser }) => {
  // The server under test runs this build with DEV_MAILBOX=on (the other specs
  // read their mail there): it serves the mailbox, so a 404 below is the gate.
  const user = await createUser();
  await signIn(page, user.email, user.password);
  expect((await page.goto("/dev/mailbox"))?.status()).toBe(200);

  // A second `next start` of the same build, with DEV_MAILBOX unset and no SMTP:
  // what a production deploy that forgot SMTP_URL would serve.
  const port = await freePort();
  const root = path.join(import.meta.dirname, "..");
  const server: ChildProcess = spawn(
    process.execPath,
    [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
        DATABASE_URL: E2E_DATABASE_URL,
        AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789abcdef",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  server.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const second = `http://127.0.0.1:${port}`;
    await expect(async () => {
      const ready = await request.get(`${second}/favicon.svg`, { timeout: 2_000 });
      expect(ready.status(), output).toBe(200);
    }).toPass({ timeout: 30_000 });

    // Signed in there too (the session cookie is the same secret's), so a 404
    // cannot be a sign-in redirect in disguise.
    const cookies = await page.context().cookies();
    const cookieHeader = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const mailbox = await request.get(`${second}/dev/mailbox`, { headers: { cookie: cookieHeader }, maxRedirects: 0 });
    expect(mailbox.status()).toBe(404);
    const one = await request.get(`${second}/dev/mailbox/${crypto.randomUUID()}`, { headers: { cookie: cookieHeader }, maxRedirects: 0 });
    expect(one.status()).toBe(404);
    // …while the app itself serves normally there.
    expect((await request.get(`${second}/todo`, { headers: { cookie: cookieHeader }, maxRedirects: 0 })).status()).toBe(200);
  } finally {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
});
