import "server-only";
import NextAuth, { CredentialsSignin, type DefaultSession, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { clearSignInFailures, recordSignInFailure, signInLockedUntil } from "@/lib/accounts/sign-in-throttle";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { verifyPassword } from "@/lib/auth/password";
import { ROLES, type Role } from "@/lib/auth/roles";
import { log } from "@/lib/log";
import { signInSchema } from "@/lib/validation/auth";
import { db } from "./db";

// Auth.js (next-auth v5): email + password, sessions in a signed, encrypted
// JWT cookie. The session carries the user id and role for convenience only:
// lib/server/session.ts re-reads the user row on every request, so deleting a
// user or changing a role takes effect at once.

declare module "next-auth" {
  interface Session {
    user: { id: string; role: Role } & DefaultSession["user"];
  }
  interface User {
    role?: Role;
  }
}

/**
 * Sign-in refused because the address had too many wrong passwords lately
 * (lib/accounts/sign-in-throttle.ts). Its `code` reaches the sign-in page's
 * URL when Auth.js's own route is posted to directly.
 */
export class TooManySignInAttempts extends CredentialsSignin {
  code = "too_many_attempts";
  constructor(readonly lockedUntil: Date) {
    super("too many failed sign-ins for this address");
  }
}

/** The claims we put in the token, checked on the way out rather than trusted. */
const claimsSchema = z.object({ sub: z.uuid(), role: z.enum(ROLES) });

const config = {
  // Behind our own proxy or on localhost the Host header is what we serve;
  // AUTH_URL is not required.
  trustHost: true,
  session: { strategy: "jwt" },
  pages: { signIn: "/signin" },
  providers: [
    Credentials({
      credentials: { email: { type: "email" }, password: { type: "password" } },
      async authorize(credentials) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        // A locked address is refused before its password is even looked at.
        const locked = await signInLockedUntil(db, email);
        if (locked) throw new TooManySignInAttempts(locked);
        const user = await db.user.findUnique({
          where: { email },
          select: { id: true, email: true, name: true, role: true, passwordHash: true },
        });
        // Always run bcrypt, even for an unknown email, so response time does
        // not tell which addresses have accounts.
        const valid = await verifyPassword(password, user?.passwordHash);
        if (!user || !valid) {
          const lockedNow = await recordSignInFailure(db, email);
          if (lockedNow) throw new TooManySignInAttempts(lockedNow);
          return null;
        }
        await clearSignInFailures(db, email);
        return { id: user.id, email: user.email, name: user.name, role: user.role };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present right after authorize(); later calls keep the token.
      if (user?.id && user.role) {
        token.sub = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      const claims = claimsSchema.safeParse(token);
      if (claims.success) {
        session.user.id = claims.data.sub;
        session.user.role = claims.data.role;
      }
      return session;
    },
  },
  logger: {
    error(error) {
      // A wrong password is an everyday event, not a server error.
      if (error instanceof TooManySignInAttempts) log.warn("sign-in refused: too many failed attempts for this address", { lockedUntil: error.lockedUntil });
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
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({ ...config, secret: resolveAuthSecret() }));
