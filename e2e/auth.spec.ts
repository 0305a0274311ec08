import { expect, signIn, signOut, test, uniqueEmail } from "./fixtures";

test.describe("signing up, out and in", () => {
  test("a new person signs up, is told to look in their inbox, signs in, signs out and signs in again", async ({ page }) => {
    const email = uniqueEmail("signup");
    const password = "a long enough password";

    await page.goto("/signup");
    await page.getByLabel("Name").fill("Ada Example");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByRole("main").getByRole("status")).toContainText(`We sent an email to ${email}.`);
    await signIn(page, email, password);
    await expect(page).toHaveURL("/todo");
    await expect(page.getByRole("heading", { level: 1, name: "My jobs" })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText("Ada Example");

    await signOut(page);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();

    // Signed out for real: the jobs page sends us back to sign in, and back again after.
    await page.goto("/todo");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Ftodo");
    await signIn(page, email.toUpperCase(), password);
    await expect(page).toHaveURL("/todo");
    await expect(page.getByRole("heading", { level: 1, name: "My jobs" })).toBeVisible();
  });

  test("sign-up errors appear next to their fields and what was typed is kept", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("Name").fill("Bo");
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page.getByRole("main").getByRole("alert")).toContainText("Please correct the fields marked below.");
    const emailField = page.getByLabel("Email");
    await expect(emailField).toHaveAttribute("aria-invalid", "true");
    await expect(emailField).toHaveAccessibleDescription(/email address like/);
    await expect(emailField).toHaveValue("not-an-email");
    await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/at least 8 characters/i);
    await expect(page.getByLabel("Name")).toHaveValue("Bo");
    // Focus moves to the first field that needs fixing.
    await expect(emailField).toBeFocused();
  });

  test("an email that already has an account gets the same answer as a new one, and no second account", async ({
    page,
    createUser,
    db,
  }) => {
    const existing = await createUser();
    const answerFor = async (email: string) => {
      await page.goto("/signup");
      await page.getByLabel("Name").fill("Someone Else");
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("another long password");
      await page.getByRole("button", { name: "Create account" }).click();
      const alert = page.getByRole("main").getByRole("status");
      await expect(alert).toContainText("Check your inbox");
      return (await alert.innerText()).replace(email, "<email>");
    };

    const fresh = uniqueEmail("fresh");
    expect(await answerFor(existing.email)).toBe(await answerFor(fresh));
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = $1", [existing.email]);
    expect(rows[0]!.n).toBe(1);
  });

  test("a wrong password is refused without saying which part was wrong", async ({ page, createUser }) => {
    const user = await createUser();

    await page.goto("/signin");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();

    await expect(page.getByRole("main").getByRole("alert")).toContainText("That email and password do not match an account.");
    await expect(page).toHaveURL("/signin");
    await expect(page.getByLabel("Email")).toHaveValue(user.email);
  });

  test("after five wrong passwords the address is paused, even for the right one; other addresses are not", async ({
    page,
    createUser,
  }) => {
    const [user, neighbour] = await Promise.all([createUser(), createUser()]);
    const alert = page.getByRole("main").getByRole("alert");

    async function attempt(email: string, password: string) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill(password);
      // Wait for this very attempt's answer (the alert may still show the last
      // one's): the server responds, then React resets the form, which empties
      // the password field.
      const answered = page.waitForResponse(
        (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/signin",
      );
      await page.getByRole("button", { name: "Sign in" }).click();
      await answered;
      await expect(page.getByLabel("Password")).toHaveValue("");
    }

    await page.goto("/signin");
    for (let i = 1; i <= 4; i++) {
      await attempt(user.email, `wrong password ${i}`);
      await expect(alert).toContainText("That email and password do not match an account.");
    }
    await attempt(user.email, "wrong password 5");
    await expect(alert).toContainText("Too many wrong passwords for this email address.");
    await expect(alert).toContainText(/try again in 15 minutes/);

    await attempt(user.email, user.password);
    await expect(alert).toContainText("Too many wrong passwords for this email address.");
    await expect(page).toHaveURL("/signin");

    await signIn(page, neighbour.email, neighbour.password);
    await expect(page).toHaveURL("/todo");
  });

  test("posting to Auth.js's own sign-in route directly is paused the same way", async ({ page, createUser }) => {
    const user = await createUser();
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const post = (password: string) =>
      page.request.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: user.email, password, callbackUrl: "/todo" },
        maxRedirects: 0,
      });

    const answers = [];
    for (let i = 1; i <= 5; i++) answers.push((await post(`wrong password ${i}`)).headers()["location"] ?? "");
    // The first four are plain refusals; the fifth pauses the address.
    expect(
      answers.slice(0, 4).every((location) => location.includes("error=CredentialsSignin") && location.includes("code=credentials")),
    ).toBe(true);
    expect(answers[4]).toContain("code=too_many_attempts");

    const right = (await post(user.password)).headers()["location"] ?? "";
    expect(right).toContain("code=too_many_attempts");
    await page.goto(new URL(right).pathname + new URL(right).search);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("Too many wrong passwords.");
  });
});

test.describe("who may open what", () => {
  test("staff sign in and reach the staff queues", async ({ page, createUser }) => {
    const staff = await createUser({ role: "staff" });

    await signIn(page, staff.email, staff.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Staff queues" }).click();

    await expect(page).toHaveURL("/staff");
    await expect(page.getByRole("heading", { level: 1, name: "Staff queues" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Staff queues" })).toHaveAttribute("aria-current", "page");
  });

  test("a signed-out visitor is sent to sign in and brought back to the page they asked for", async ({ page, createUser }) => {
    const staff = await createUser({ role: "staff" });

    await page.goto("/staff");
    await expect(page).toHaveURL("/signin?callbackUrl=%2Fstaff");
    await signIn(page, staff.email, staff.password);

    await expect(page).toHaveURL("/staff");
    // The page itself, not only its address: a refusal or an error page can sit at /staff too.
    await expect(page.getByRole("heading", { level: 1, name: "Staff queues" })).toBeVisible();
  });

  for (const path of ["/staff", "/insights"]) {
    test(`a plain user is refused ${path} with a 403 and a clear page`, async ({ page, createUser }) => {
      const user = await createUser();
      await signIn(page, user.email, user.password);

      const response = await page.goto(path);

      expect(response?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1, name: "You don't have access to this page" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Go to your home page" })).toHaveAttribute("href", "/");
    });
  }
});
