import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIResponse, Page, Response } from "@playwright/test";
import { requestOnboardingJobs } from "../lib/accounts/onboarding";
import type { Role } from "../lib/auth/roles";
import { uploadDocument } from "../lib/documents/upload-document";
import { HTML_PAGE, SAMPLE_PDF, SAMPLE_PNG, SVG_IMAGE } from "../test/sample-files";
import { expect, signIn, type TestUser, test } from "./fixtures";

// The web layer's defences, seen from a browser: security headers on every
// kind of response, a Content-Security-Policy the app's own pages run under
// without a single violation, no framing by other sites, no redirect off the
// site after sign-in, and stored files that cannot run as pages.

/** Collects CSP violations on a page: the DOM event and Chromium's console report. */
function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to/i.test(text)) violations.push(`${page.url()}: ${text}`);
  });
  void page.exposeFunction("__reportCspViolation", (text: string) => violations.push(text));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation(
        `${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`,
      );
    });
  });
  return violations;
}

/** The headers every answer carries, page or not. */
function expectCommonHeaders(response: Response | APIResponse, where: string): void {
  const headers = response.headers();
  expect.soft(headers["x-content-type-options"], `${where}: nosniff`).toBe("nosniff");
  expect.soft(headers["x-frame-options"], `${where}: X-Frame-Options`).toBe("DENY");
  expect.soft(headers["referrer-policy"], `${where}: Referrer-Policy`).toBe("strict-origin-when-cross-origin");
  expect.soft(headers["x-powered-by"], `${where}: X-Powered-By`).toBeUndefined();
  expect.soft(headers["content-security-policy"] ?? "", `${where}: CSP frame-ancestors`).toContain("frame-ancestors 'none'");
}

/** A page's own headers: a CSP whose script nonce is the one on every script in the HTML, and no unsafe-inline scripts. */
async function expectPageHeaders(page: Page, response: Response | null, path: string): Promise<void> {
  expect(response, path).not.toBeNull();
  expectCommonHeaders(response!, path);
  const csp = response!.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce, `${path}: a script nonce in ${csp}`).toBeTruthy();
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).not.toContain("'unsafe-eval'");
  // The server's HTML: scripts Next adds later need no nonce ('strict-dynamic' trusts what a nonced script loads).
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length, `${path}: has scripts`).toBeGreaterThan(0);
  expect(
    scriptTags.filter((tag) => !tag.includes(`nonce="${nonce}"`)),
    `${path}: every script carries the nonce`,
  ).toEqual([]);
}

/** True once React has hydrated the page (it marks the DOM nodes it owns). */
async function expectHydrated(page: Page, path: string): Promise<void> {
  await expect
    .poll(() => page.locator("#main").evaluate((main) => Object.keys(main).some((key) => key.startsWith("__react"))), {
      message: `${path} hydrates`,
    })
    .toBe(true);
}

interface PageVisit {
  path: string;
  heading: string | RegExp;
}

async function visitAll(page: Page, visits: PageVisit[], violations: string[]): Promise<void> {
  for (const { path, heading } of visits) {
    const response = await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expectPageHeaders(page, response, path);
    await expectHydrated(page, path);
  }
  expect(violations).toEqual([]);
}

test.describe("every page type runs under the CSP without a violation", () => {
  test("signed out", async ({ page }) => {
    const violations = watchCsp(page);
    await visitAll(
      page,
      [
        { path: "/signin", heading: "Sign in" },
        { path: "/signup", heading: "Create an account" },
        { path: "/no-such-page", heading: /not found|doesn't exist|no page/i },
      ],
      violations,
    );
    const health = await page.goto("/health");
    await expectPageHeaders(page, health, "/health");
    expect(violations).toEqual([]);
  });

  const rolePages: { role: Role; visits: (ids: { documentId: string; jobId: string }) => PageVisit[] }[] = [
    {
      role: "user",
      visits: () => [
        { path: "/todo", heading: "My jobs" },
        { path: "/profile", heading: "Your profile" },
        { path: "/documents", heading: "Documents" },
        { path: "/team", heading: "Your team" },
        { path: "/guide", heading: "Getting started" },
        { path: "/inbox", heading: "Notifications" },
        { path: "/settings/notifications", heading: "Email preferences" },
      ],
    },
    {
      role: "staff",
      visits: ({ documentId, jobId }) => [
        { path: "/staff", heading: "Staff queues" },
        { path: "/staff/queues/staff.review-document", heading: /review/i },
        { path: `/staff/queues/staff.review-document/${jobId}`, heading: /review/i },
        { path: `/staff/documents/${documentId}`, heading: "Review document" },
      ],
    },
    { role: "product", visits: () => [{ path: "/insights", heading: "Insights" }] },
    { role: "admin", visits: () => [{ path: "/dev/mailbox", heading: "Dev mailbox" }] },
  ];

  for (const { role, visits } of rolePages) {
    test(`signed in as ${role}`, async ({ page, createUser, prisma }) => {
      const owner = await createUser();
      // Data for the pages that need some: a document and its review job, and an onboarding cohort for the chart.
      await requestOnboardingJobs(prisma, owner.id);
      const document = await uploadDocument(prisma, owner.id, { name: "id.pdf", type: "application/pdf", bytes: SAMPLE_PDF });
      const job = await prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: document.id } });
      const person = await createUser({ role });
      const violations = watchCsp(page);
      await signIn(page, person.email, person.password);

      await visitAll(page, visits({ documentId: document.id, jobId: job.id }), violations);
      if (role === "product") await expect(page.locator(".recharts-surface").first()).toBeVisible();
    });
  }
});

test("route handlers, the auth API and static files carry the headers too", async ({ page, createUser, request }) => {
  const product = await createUser({ role: "product" });
  await signIn(page, product.email, product.password);

  const scriptSrc = await page.locator("script[src]").first().getAttribute("src");
  const answers: [string, APIResponse][] = [
    ["/api/auth/session", await request.get("/api/auth/session")],
    ["/api/notifications/unread", await request.get("/api/notifications/unread")],
    ["/favicon.svg", await request.get("/favicon.svg")],
    [scriptSrc!, await request.get(scriptSrc!)],
    ["/insights/stalled.csv", await page.request.get("/insights/stalled.csv?jobType=onboarding.verify-email")],
    ["POST /documents/upload", await request.post("/documents/upload", { multipart: {} })],
  ];
  for (const [where, response] of answers) {
    expect(response.status(), where).toBeLessThan(500);
    expectCommonHeaders(response, where);
  }
});

test("HSTS is sent when the request came over https, and only then", async ({ request }) => {
  const plain = await request.get("/health");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  for (const path of ["/health", "/api/auth/session", "/favicon.svg"]) {
    const overHttps = await request.get(path, { headers: { "x-forwarded-proto": "https" } });
    expect(overHttps.headers()["strict-transport-security"], path).toMatch(/^max-age=\d{7,}/);
  }
});

test("two requests get two different nonces", async ({ request }) => {
  const nonces = await Promise.all(
    [1, 2].map(async () => /'nonce-([^']+)'/.exec((await request.get("/signin")).headers()["content-security-policy"] ?? "")?.[1]),
  );
  expect(nonces[0]).toBeTruthy();
  expect(nonces[0]).not.toBe(nonces[1]);
});

/** A page on another origin (another port on loopback: same site, so the session cookie goes along). */
async function otherOrigin(html: string): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(html));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test("a page on another origin cannot frame /staff", async ({ page, createUser, baseURL }) => {
  const staff = await createUser({ role: "staff" });
  await signIn(page, staff.email, staff.password);
  const refusals: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("frame-ancestors")) refusals.push(message.text());
  });
  const evil = await otherOrigin(`<!doctype html><title>evil</title><iframe src="${baseURL}/staff" width="800" height="600"></iframe>`);
  try {
    await page.goto(evil.url);
    await expect.poll(() => refusals.length, { message: "Chromium refuses to frame /staff" }).toBeGreaterThan(0);
    for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
      await expect(frame.getByRole("heading", { name: "Staff queues" })).toHaveCount(0);
    }
  } finally {
    evil.server.close();
  }
});

test.describe("after sign-in, the callback never leaves the site", () => {
  let person: TestUser;
  test.beforeEach(async ({ page, createUser }) => {
    person = await createUser();
    await signIn(page, person.email, person.password);
  });

  test("a tab before the second slash (the reported open redirect)", async ({ page, baseURL }) => {
    // Were the redirect followed off the site, this answers instead of the network.
    await page.route("http://evil.invalid/**", (route) => route.fulfill({ body: "evil", contentType: "text/plain" }));
    await page.goto("/signin?callbackUrl=%2F%09%2Fevil.invalid%2Fpath");
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    await expect(page).toHaveURL("/todo");
  });

  for (const encoded of ["%0D", "%0A", "%5C", "%00", ".%2F"]) {
    test(`${encoded} in the callback answers a redirect home, not a 500`, async ({ page }) => {
      const response = await page.request.get(`/signin?callbackUrl=%2F${encoded}%2Fevil.invalid`, { maxRedirects: 0 });
      expect(response.status()).toBe(307);
      expect(response.headers()["location"]).toBe("/todo");
    });
  }
});

test.describe("stored files", () => {
  test("staff see a real PDF and PNG in the browser, served sandboxed", async ({ page, context, createUser, prisma }) => {
    const owner = await createUser();
    const staff = await createUser({ role: "staff" });
    const pdf = await uploadDocument(prisma, owner.id, { name: "passport.pdf", type: "application/pdf", bytes: SAMPLE_PDF });
    const png = await uploadDocument(prisma, owner.id, { name: "photo.png", type: "image/png", bytes: SAMPLE_PNG });
    await signIn(page, staff.email, staff.password);

    await page.goto(`/staff/documents/${png.id}`);
    const [imageTab] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: /View the file/ }).click()]);
    const image = imageTab.locator("img");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2);
    await imageTab.close();

    const file = await page.request.get(`/staff/documents/${pdf.id}/file`);
    expect(file.headers()["content-security-policy"]).toMatch(/^sandbox;/);
    expect(file.headers()["x-content-type-options"]).toBe("nosniff");
    expect(file.headers()["content-disposition"]).toBe(`inline; filename="passport.pdf"; filename*=UTF-8''passport.pdf`);

    await page.goto(`/staff/documents/${pdf.id}`);
    const [pdfTab] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: /View the file/ }).click()]);
    // Chromium shows PDFs in its viewer, a frame of its own inside the tab; it names the file in its toolbar.
    await expect
      .poll(async () => {
        const viewer = pdfTab.frames().find((frame) => frame.url().startsWith("chrome-extension://"));
        return viewer
          ?.evaluate(() => document.querySelector("pdf-viewer")?.shadowRoot?.querySelector("viewer-toolbar")?.shadowRoot?.textContent ?? "")
          .catch(() => "");
      })
      .toContain("passport.pdf");
  });

  for (const { label, name, type, bytes } of [
    { label: "HTML declared as a PDF", name: "invoice.pdf", type: "application/pdf", bytes: HTML_PAGE },
    { label: "SVG declared as a PNG", name: "photo.png", type: "image/png", bytes: SVG_IMAGE },
    { label: "a PNG declared as a PDF", name: "scan.pdf", type: "application/pdf", bytes: SAMPLE_PNG },
  ]) {
    test(`the upload refuses ${label}`, async ({ page, createUser, prisma }) => {
      const user = await createUser();
      await signIn(page, user.email, user.password);
      const before = await prisma.document.count({ where: { ownerId: user.id } });

      const response = await page.request.post("/documents/upload", { multipart: { file: { name, mimeType: type, buffer: bytes } } });
      expect(response.status()).toBe(400);
      const body = await response.json();
      expect(body).toMatchObject({ ok: false, error: { code: "invalid_input" } });
      expect(body.error.fieldErrors.file[0]).toMatch(/does not look like/i);
      expect(await prisma.document.count({ where: { ownerId: user.id } })).toBe(before);
    });
  }
});
