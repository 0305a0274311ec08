import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { SiteHeader } from "@/components/nav/site-header";
import { Providers } from "@/components/providers";
import { getActor } from "@/lib/server/session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "jtbd", template: "%s · jtbd" },
  description: "Jobs to be done: what you, our staff and the system still have to do.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const person = await getActor();
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:font-medium focus:text-indigo-800 focus:shadow"
        >
          Skip to main content
        </a>
        <Providers>
          <SiteHeader person={person} />
          {/* tabIndex lets the skip link move focus here, not just scroll. */}
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus:outline-none sm:py-10">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
