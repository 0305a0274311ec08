"use client";

import { useMutationState } from "@tanstack/react-query";
import { useMemo } from "react";
import { DISMISS_JOB_KEY } from "./use-dismiss-job";

export type Finishing = "completed" | "dismissed";

function jobIdOf(variables: unknown): string | null {
  return typeof variables === "object" && variables !== null && "jobId" in variables && typeof variables.jobId === "string"
    ? variables.jobId
    : null;
}

/**
 * The jobs being ticked off or dismissed right now, or already finished in
 * this browser, by id: what the list shows as done before the server's fresh
 * list arrives. A refused mutation ends in error and drops out, which is the
 * rollback.
 */
export function useFinishingJobs(): ReadonlyMap<string, Finishing> {
  const entries = useMutationState({
    filters: { mutationKey: ["todo"], predicate: (m) => m.state.status === "pending" || m.state.status === "success" },
    select: (m): [string | null, Finishing] => [
      jobIdOf(m.state.variables),
      m.options.mutationKey?.[1] === DISMISS_JOB_KEY[1] ? "dismissed" : "completed",
    ],
  });
  return useMemo(() => new Map(entries.filter((e): e is [string, Finishing] => e[0] !== null)), [entries]);
}
