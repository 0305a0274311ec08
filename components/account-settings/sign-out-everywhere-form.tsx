"use client";

import { useFormStatus } from "react-dom";
import { signOutEverywhereAction } from "@/app/(user)/settings/account/actions";
import { Button } from "@/components/ui/button";

function Submit() {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" variant="danger" pending={pending} pendingLabel="Signing out…" className="self-start">
      Sign out everywhere
    </Button>
  );
}

export function SignOutEverywhereForm() {
  return (
    <form action={signOutEverywhereAction} className="flex flex-col gap-3">
      <p className="text-sm text-slate-700">
        Ends every session of your account on every device and browser, this one included. Use it if you signed in on a computer that is not
        yours, or think someone else has.
      </p>
      <Submit />
    </form>
  );
}
