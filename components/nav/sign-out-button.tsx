import { signOutAction } from "@/app/(auth)/actions";

/** A plain form post, so signing out works even before the page's scripts load. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button
        type="submit"
        className="flex min-h-11 w-full items-center rounded-md px-3 text-left text-sm font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100"
      >
        Sign out
      </button>
    </form>
  );
}
