import "server-only";
import { headers } from "next/headers";
import { clientAddress } from "@/lib/auth/client-address";
import { env } from "@/lib/env";

/** The client address of the request being handled, as the rate limits count it (TRUST_PROXY). */
export async function requestClientAddress(): Promise<string> {
  return clientAddress(await headers(), env.TRUST_PROXY);
}
