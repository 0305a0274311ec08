import { signOutAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";

/** A plain form post, so signing out works even before the page's scripts load. */
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant="secondary" size="sm" className="whitespace-nowrap">
        Sign out
      </Button>
    </form>
  );
}
