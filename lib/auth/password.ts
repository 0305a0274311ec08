import bcrypt from "bcryptjs";

// Password hashing with bcrypt (bcryptjs: pure JavaScript, no native build).
// Cost 12 is about 0.4 s here: slow for attackers, fine once
// per sign-in. Tests and the seed may lower it through BCRYPT_COST.

const COST = Number(process.env.BCRYPT_COST ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

// A hash at the same cost as real ones, made once on first use: comparing
// against it when a person has no password (or no account) takes as long as a
// wrong password, so the answer's timing never tells whether an account exists.
let missingHash: Promise<string> | undefined;

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  return bcrypt.compare(password, hash ?? (await (missingHash ??= bcrypt.hash("no account has this password", COST))));
}
