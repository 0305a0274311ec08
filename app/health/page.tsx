import type { Metadata } from "next";

// A minimal dynamic page: rendered on every request through the same layout
// and proxy as every other page, but reading no session data and no database.
// The bench's HTTP baseline (the cost of Next serving any dynamic page) and a
// liveness check for whoever runs the app.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Health" };

export default function HealthPage() {
  return (
    <p>
      ok <time dateTime={new Date().toISOString()}>{new Date().toISOString()}</time>
    </p>
  );
}
