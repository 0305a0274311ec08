import { z } from "zod";
import { AppError } from "@/lib/errors";

// Keyset pagination cursors: the (created_at, id) of the last row shown,
// opaque in the URL. Paging with them costs the same on page 1 and page 10,000.

export interface Keyset {
  createdAt: Date;
  id: string;
}

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(row: Keyset): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

/** Throws `invalid_input` for a cursor that was not made by `encodeCursor` (a hand-edited URL). */
export function decodeCursor(cursor: string): Keyset {
  try {
    const [createdAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { createdAt: new Date(createdAt), id };
  } catch (error) {
    throw new AppError("invalid_input", "This page link is out of date. Go back to the first page.", { cause: error });
  }
}

/** A keyset led by a rank (a count, most first), then (created_at, id): the cursor of a list sorted by that rank. */
export interface RankedKeyset extends Keyset {
  rank: number;
}

const rankedCursorSchema = z.tuple([z.number().int(), z.iso.datetime(), z.uuid()]);

export function encodeRankedCursor(row: RankedKeyset): string {
  return Buffer.from(JSON.stringify([row.rank, row.createdAt.toISOString(), row.id])).toString("base64url");
}

/** Throws `invalid_input` for a cursor that was not made by `encodeRankedCursor` (a hand-edited URL, or another sort's). */
export function decodeRankedCursor(cursor: string): RankedKeyset {
  try {
    const [rank, createdAt, id] = rankedCursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { rank, createdAt: new Date(createdAt), id };
  } catch (error) {
    throw new AppError("invalid_input", "This page link is out of date. Go back to the first page.", { cause: error });
  }
}
