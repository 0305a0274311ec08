"use server";

import { serverAction } from "@/lib/server/action";
import { markGuideRead } from "@/lib/server/commands/mark-guide-read";
import type { FormState } from "@/lib/validation/form-state";

const markRead = serverAction(markGuideRead, { revalidate: ["/guide", "/todo"] });

export async function markGuideReadAction(_previous: FormState<unknown, object>): Promise<FormState<unknown, object>> {
  const result = await markRead({});
  return { result: result.ok ? { ok: true, data: null } : result, values: {} };
}
