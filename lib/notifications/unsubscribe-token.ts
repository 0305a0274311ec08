import { createSignedToken, readSignedToken } from "./signed-token";

// The token in the one-click unsubscribe link of reminder emails. It does not
// expire: an unsubscribe link in an old email must keep working.

const PURPOSE = "unsubscribe";

export function createUnsubscribeToken(userId: string): string {
  return createSignedToken(PURPOSE, userId);
}

export function readUnsubscribeToken(token: unknown): { userId: string } | null {
  return readSignedToken(PURPOSE, token);
}
