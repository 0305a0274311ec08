"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has hydrated, then true. For
 * controls that only work through JavaScript (a mutation, an XHR upload): left
 * enabled, a click before hydration would toggle or submit natively and do
 * nothing (or the wrong thing).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
