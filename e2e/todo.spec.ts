import { expect, signIn, test } from "./fixtures";

test("a person ticks off a job by hand and it leaves their list", async ({ page, createUser, createJobFor }) => {
  const user = await createUser();
  await createJobFor(user, "onboarding.read-guide");
  await signIn(page, user.email, user.password);

  const jobs = page.getByRole("list", { name: "Pending jobs" });
  await expect(jobs.getByRole("heading", { name: "Read the getting started guide" })).toBeVisible();
  await jobs.getByRole("button", { name: 'Mark "Read the getting started guide" as done' }).click();

  await expect(page.getByText("You're all caught up")).toBeVisible();
});

test("jobs completed by the system have no tick, and expired jobs never show", async ({ page, createUser, createJobFor }) => {
  const user = await createUser();
  await createJobFor(user, "onboarding.verify-email");
  await createJobFor(user, "onboarding.read-guide", { expiresInSeconds: -60 });
  await signIn(page, user.email, user.password);

  const jobs = page.getByRole("list", { name: "Pending jobs" });
  await expect(jobs.getByRole("listitem")).toHaveCount(1);
  await expect(jobs.getByRole("heading", { name: "Verify your email address" })).toBeVisible();
  await expect(jobs.getByRole("button")).toHaveCount(0);
});

test("someone with nothing to do sees an empty state", async ({ page, createUser }) => {
  const user = await createUser();
  await signIn(page, user.email, user.password);

  await expect(page.getByText("You're all caught up")).toBeVisible();
});
