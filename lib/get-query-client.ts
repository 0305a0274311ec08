import { QueryClient, isServer } from "@tanstack/react-query";

// The one QueryClient factory (create-t3 / TanStack's advanced SSR pattern):
// a new client per server render, so one person's data never leaks into
// another's, and one client for the whole browser session.

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Pages arrive rendered on the server; refetching at once on the client would only repeat that work.
        staleTime: 30_000,
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
