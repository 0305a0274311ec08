import bcrypt from "bcryptjs";

// Password hashing with bcrypt (bcryptjs: pure JavaScript, no native build).
// Cost 12 is about 0.4 s here: slow for attackers, fine once
// per sign-in. Tests and the seed may lower it through BCRYPT_COST.

const COST = Number(process.env.BCRYPT_COST ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  // Compare against a fixed hash when the user has none, so a missing account
  // takes as long to refuse as a wrong password.
  return bcrypt.compare(password, hash ?? "$2b$12$yb6VetgY2n8/TWYfe5gq4OR0q0AFrU6sOrx1Dq6nQ9hkkRZ8qePj6");
}
