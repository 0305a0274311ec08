import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authenticate } from "@/lib/accounts/authenticate";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { claimsSchema } from "@/lib/auth/session-claims";
import { clientAddress } from "@/lib/auth/client-address";
import type { Role } from "@/lib/auth/roles";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { signInSchema } from "@/lib/validation/auth";
import { db } from "./db";

// Auth.js (next-auth v5): email + password, sessions in a signed, encrypted
// JWT cookie. The session carries the user id and role for convenience only:
// lib/server/session.ts re-reads the user row on every request, so deleting a
// user or changing a role takes effect at once. It also carries the user's
// session version at sign-in: "sign out everywhere" and a new password raise
// the version, and every cookie carrying an older one stops working.

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role; sessionVersion: number } & DefaultSession["user"];
  }
  interface User {
    role?: Role;
    sessionVersion?: number;
  }
}

/**
 * Sign-in refused because of too many attempts for the email address or wrong
 * passwords from the client address (lib/accounts/authenticate.ts). Its
 * `code` reaches the sign-in page's URL when Auth.js's own route is posted to
 * directly.
 */
export class TooManySignInAttempts extends CredentialsSignin {
  code = "too_many_attempts";
  constructor(
    readonly lockedUntil: Date,
    readonly scope: "email" | "ip",
  ) {
    super(scope === "email" ? "too many sign-in attempts for this address" : "too many wrong passwords from this client address");
  }
}

const config = {
  // Behind our own proxy or on localhost the Host header is what we serve;
  // AUTH_URL is not required.
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const result = await authenticate(db, { ...parsed.data, clientAddress: clientAddress(request.headers, env.TRUST_PROXY) });
        if (result.ok) return result.user;
        if (result.reason === "rate_limited") throw new TooManySignInAttempts(result.retryAt, result.scope);
        return null;
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present right after authorize(); later calls keep the token.
      if (user?.id && user.role) {
        token.sub = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      const claims = claimsSchema.safeParse(token);
      if (claims.success) {
        session.user.id = claims.data.sub;
        session.user.role = claims.data.role;
        session.user.sessionVersion = claims.data.sv;
      }
      return session;
    },
  },
  logger: {
    error(error) {
      // A wrong password is an everyday event, not a server error.
      if (error instanceof TooManySignInAttempts)
        log.warn("sign-in refused: too many attempts", { scope: error.scope, lockedUntil: error.lockedUntil });
      else if (error instanceof CredentialsSignin) log.info("sign-in refused: wrong email or password");
      else log.error("auth error", { error });
    },
    warn(code) {
      log.warn("auth warning", { code });
    },
  },
} satisfies Omit<NextAuthConfig, "secret">;

// The config is built per request (a function) so the secret is resolved when
// the server handles a request, not while `next build` loads this module: a
// build needs no secret, a running production server refuses to work without.
export const { handlers, signIn, signOut } = NextAuth(() => ({ ...config, secret: resolveAuthSecret() }));
