import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ApiScope } from "./api-scopes";

// API keys: `jtbd_` + 32 random bytes (base64url). Only sha256(key) is stored.
//
// Why a plain sha256 and not bcrypt/argon2 like passwords: those are slow on
// purpose because people pick guessable passwords, and slowness is what stops
// a stolen hash being guessed back. A key here is 256 bits from the CSPRNG:
// nobody can guess it, slow or fast, so the hash only needs to be one-way.
// A fast hash also lets the lookup be an index hit on the hash itself (a salted
// slow hash would need the key's id in the token and a costly check on every
// request, which is also a cheap way to load the server).

const KEY_PREFIX = "jtbd_";
const SECRET_BYTES = 32;
/** Shown on the admin page: enough to tell keys apart, useless to an attacker. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^jtbd_[A-Za-z0-9_-]{43}$/;

export interface NewApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): NewApiKey {
  const key = KEY_PREFIX + randomBytes(SECRET_BYTES).toString("base64url");
  return { key, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), secretHash: hashApiKey(key) };
}

export interface ApiKeyInput {
  name: string;
  scopes: readonly ApiScope[];
  expiresAt?: Date | null;
  createdById?: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  expiresAt: Date | null;
  /** The secret, to show once. */
  key: string;
}

/** Stores a new key (its hash) and returns the key itself, which is never readable again. */
export async function createApiKey(db: Db, input: ApiKeyInput): Promise<CreatedApiKey> {
  const fresh = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      name: input.name,
      prefix: fresh.prefix,
      secretHash: fresh.secretHash,
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
      createdById: input.createdById ?? null,
    },
    select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true },
  });
  return { ...row, scopes: row.scopes as ApiScope[], key: fresh.key };
}

/** The caller of an API request, as its key says. */
export interface ApiCaller {
  keyId: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
}

/**
 * The key sent as `Authorization: Bearer <key>`, checked against the database
 * on every request (so a revoked or expired key stops at once). Throws
 * `unauthenticated` with what to do about it.
 */
export async function authenticateApiKey(db: Db, authorization: string | null): Promise<ApiCaller> {
  if (!authorization) {
    throw new AppError("unauthenticated", "Send your API key in the Authorization header: `Authorization: Bearer jtbd_…`.");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new AppError("unauthenticated", "The Authorization header must read `Bearer ` followed by your API key.");
  const key = match[1]!;
  if (!KEY_PATTERN.test(key))
    throw new AppError("unauthenticated", "That is not an API key of this service. Keys start with `jtbd_`; an admin can create one.");

  const hash = hashApiKey(key);
  const row = await db.apiKey.findUnique({
    where: { secretHash: hash },
    select: { id: true, name: true, prefix: true, scopes: true, secretHash: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  // The lookup is by hash; comparing again in constant time costs nothing and
  // keeps the check honest if the lookup ever changes.
  if (!row || !timingSafeEqual(Buffer.from(row.secretHash), Buffer.from(hash))) {
    throw new AppError("unauthenticated", "This API key is not known. Check that it was copied whole, or ask an admin for a new one.");
  }
  if (row.revokedAt) throw new AppError("unauthenticated", "This API key was revoked. Ask an admin for a new one.");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
    throw new AppError("unauthenticated", "This API key has expired. Ask an admin for a new one.");
  }
  // "Last used" to the minute: one write a minute per key, not one per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.updateMany({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { keyId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes as ApiScope[] };
}

/** Revokes a key; the next request with it is refused. Revoking twice changes nothing. */
export async function revokeApiKey(db: Db, keyId: string): Promise<{ revoked: boolean }> {
  const existing = await db.apiKey.findUnique({ where: { id: keyId }, select: { revokedAt: true } });
  if (!existing) throw new AppError("not_found", "That API key does not exist.");
  const { count } = await db.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
  return { revoked: count === 1 };
}
