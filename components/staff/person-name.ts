/** How a person is named on staff pages: their name, else their email, else (a deleted account) a plain phrase. */
export function personName(person: { name: string | null; email: string | null } | null, nobody = "Nobody"): string {
  if (!person) return nobody;
  return person.name ?? person.email ?? "A deleted account";
}
