"use client";

import { useActionState } from "react";
import { setMemberRoleAction } from "@/app/(user)/team/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The owner's button beside a member: make them an admin, or an admin a member again. */
export function MemberRoleButton({ userId, name, role }: { userId: string; name: string; role: "admin" | "member" }) {
  const [state, action, pending] = useActionState(setMemberRoleAction, null);
  const next = role === "admin" ? "member" : "admin";
  return (
    <form action={action} className="flex flex-col items-end gap-2">
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="role" value={next} />
      <Button type="submit" variant="ghost" size="md" pending={pending} pendingLabel="Saving…">
        {next === "admin" ? "Make admin" : "Make member"}
        <span className="sr-only"> {name}</span>
      </Button>
      {state && !state.ok && <Alert tone="error">{state.error.message}</Alert>}
    </form>
  );
}
