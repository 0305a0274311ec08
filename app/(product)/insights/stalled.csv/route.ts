import type { NextRequest } from "next/server";
import { AREA_ROLES, hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { getActor } from "@/lib/server/session";
import { parseInsightsParams, type SearchParams } from "../_lib/insights-params";
import { stalledUsersCsv } from "../_lib/stalled-users-csv";

// GET /insights/stalled.csv?step=…&bucket=…&from=…&to=…: the stalled-users
// list of the insights page, every row (the page's cursor is ignored), as a
// download. Layouts do not wrap route handlers, so the role is checked here.

function plain(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}

function searchParamsOf(request: NextRequest): SearchParams {
  const result: SearchParams = {};
  for (const key of new Set(request.nextUrl.searchParams.keys())) result[key] = request.nextUrl.searchParams.getAll(key);
  return result;
}

export async function GET(request: NextRequest): Promise<Response> {
  const actor = await getActor();
  if (!actor) return plain(401, "Please sign in to download this list.");
  if (!hasRole(actor.role, AREA_ROLES.insights)) {
    return plain(403, "Your account is not allowed to download this list. Product and admin accounts can; ask an admin if you need it.");
  }

  const params = parseInsightsParams(searchParamsOf(request));
  if (params.cohortErrors) return plain(400, Object.values(params.cohortErrors).join(" "));
  if (params.stalledError) return plain(400, params.stalledError);
  if (!params.stalled) return plain(400, "Say which step to export: add ?step= with an onboarding step, as the insights page links do.");

  const { jobType, bucket } = params.stalled;
  const day = new Date().toISOString().slice(0, 10);
  const filename = `stalled-${jobType.replace(/^onboarding\./, "")}-${bucket ?? "all"}-${day}.csv`;
  return new Response(stalledUsersCsv(db, { jobType, ...(bucket ? { bucket } : {}) }, params.cohort), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
