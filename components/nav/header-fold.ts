/**
 * The breakpoint from which the site header shows its links in the bar; below
 * it they fold into the Menu button. "never": always folded. Read by the
 * `unfolded:` variant in app/globals.css through the header's data-fold.
 */
export type HeaderFold = "lg" | "xl" | "never";

// Widths in px, measured in headless Chromium on Debian (DejaVu Sans, one of
// the widest system fonts the stack falls back to) with a 27-character name:
// a 14 px medium label takes under 8 px a character.
const CHAR = 8;
/** A link's padding and the gap after it. */
const LINK = 22;
/** The "Admin" entry: its label, padding, chevron and gap. */
const ADMIN = 5 * CHAR + LINK + 20;
/** Page padding, the logo and the gaps beside the nav. */
const FRAME = 32 + 68 + 16 + 12;
/** The bell, and the account button, whose name is cut off at 11 rem. */
const ACCOUNT = 44 + 8 + 176;
/** The dashed "Dev mailbox" link and its gap. */
const MAILBOX = 11 * CHAR + 24;
/** Room left for fonts wider than the one measured. */
const SLACK = 40;
/** Where each breakpoint starts, and how wide the header's content may get (max-w-6xl). */
const LG = 1024;
const XL = 1280;
const MAX = 1152;

/** The narrowest breakpoint at which the header's links, the bell and the account menu fit on one line. */
export function headerFold({ labels, admin, mailbox }: { labels: string[]; admin: boolean; mailbox: boolean }): HeaderFold {
  const needed =
    FRAME +
    labels.reduce((sum, label) => sum + label.length * CHAR + LINK, 0) +
    (admin ? ADMIN : 0) +
    ACCOUNT +
    (mailbox ? MAILBOX : 0) +
    SLACK;
  if (needed <= LG) return "lg";
  if (needed <= Math.min(XL, MAX)) return "xl";
  return "never";
}
