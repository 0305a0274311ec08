"use client";

import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { LiveJobEvent } from "@/lib/live/visible-job-change";

// The browser's side of /api/live: one EventSource per page that shows jobs.
// A change this page cares about makes it read itself again: router.refresh()
// for what the server rendered, invalidateQueries for what TanStack Query
// holds. Catch-up is the same move: after any reconnect (the browser's, or
// the server's listener: `resync`) the page reads everything again, which is
// always right and costs one render.

export type LiveStatus = "connecting" | "live" | "reconnecting" | "off";

export interface UseLiveJobsOptions {
  /** "staff": the staff queues; "own": the person's own list. */
  scope: LiveJobEvent["scope"];
  /** Only changes of this job type (one queue). */
  jobType?: string;
  /** Query-backed parts of the page to read again, besides the server-rendered page. */
  queryKeys?: QueryKey[];
  /** What to say (politely, to screen readers) about a change someone else made; null: nothing. */
  describe?: (event: LiveJobEvent) => string | null;
}

/** Changes closer together than this are read in one refresh. */
const REFRESH_EVERY_MS = 750;
/** After the server refused or ended the stream: try again this much later. */
const REOPEN_AFTER_MS = 60_000;

/** "Taken by Alice": who took a staff job, when someone else did. */
export function describeStaffChange(event: LiveJobEvent): string | null {
  if (event.byViewer || event.change !== "assigned") return null;
  return event.assigneeName ? `Taken by ${event.assigneeName}` : "A job was unassigned";
}

export function useLiveJobs({ scope, jobType, queryKeys, describe }: UseLiveJobsOptions) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [announcement, setAnnouncement] = useState("");
  // The latest options without reopening the stream when a parent re-renders.
  const latest = useRef({ scope, jobType, queryKeys, describe });
  useEffect(() => {
    latest.current = { scope, jobType, queryKeys, describe };
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let reopenTimer: ReturnType<typeof setTimeout> | null = null;
    let refreshTimer: ReturnType<typeof setTimeout> | null = null;
    let lastRefresh = 0;
    let pending = false;
    let readyBefore = false;
    let stopped = false;

    const refreshNow = () => {
      pending = false;
      lastRefresh = Date.now();
      router.refresh();
      for (const queryKey of latest.current.queryKeys ?? []) void queryClient.invalidateQueries({ queryKey });
    };
    // At most one refresh per REFRESH_EVERY_MS, the last change always
    // included; none while the tab is hidden (one when it shows again).
    const refresh = () => {
      pending = true;
      if (document.visibilityState === "hidden" || refreshTimer) return;
      const wait = Math.max(0, lastRefresh + REFRESH_EVERY_MS - Date.now());
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        if (pending) refreshNow();
      }, wait);
    };
    const onVisible = () => {
      if (document.visibilityState === "visible" && pending) refresh();
    };

    const open = () => {
      if (stopped) return;
      source = new EventSource("/api/live");
      source.addEventListener("ready", () => {
        setStatus("live");
        // Reconnected: whatever happened while the stream was down is read now.
        if (readyBefore) refresh();
        readyBefore = true;
      });
      source.addEventListener("resync", refresh);
      source.addEventListener("job", (message) => {
        let event: LiveJobEvent;
        try {
          event = JSON.parse((message as MessageEvent<string>).data) as LiveJobEvent;
        } catch (error) {
          console.warn("live updates: a change that is not JSON was ignored", error);
          return;
        }
        const wanted = latest.current;
        if (event.scope !== wanted.scope || (wanted.jobType && event.jobType !== wanted.jobType)) return;
        refresh();
        const said = wanted.describe?.(event);
        if (said) setAnnouncement(said);
      });
      source.addEventListener("signed-out", () => {
        source?.close();
        stopped = true;
        setStatus("off");
      });
      source.onerror = () => {
        if (!source) return;
        if (source.readyState === EventSource.CONNECTING) {
          setStatus("reconnecting");
          return;
        }
        // Refused (signed out, live updates off, a server error): the browser
        // will not retry by itself. Try again later, quietly.
        setStatus("off");
        source.close();
        reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
      };
    };

    open();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      stopped = true;
      source?.close();
      if (reopenTimer) clearTimeout(reopenTimer);
      if (refreshTimer) clearTimeout(refreshTimer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [router, queryClient]);

  return { status, announcement };
}
