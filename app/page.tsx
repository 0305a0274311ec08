import { redirect } from "next/navigation";
import { getActor } from "@/lib/server/session";

/** No page of its own: signed-in people go to their jobs, everyone else to sign-in. */
export default async function HomePage() {
  redirect((await getActor()) ? "/todo" : "/signin");
}
