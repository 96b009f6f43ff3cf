import type { z } from 'zod';
import type { JsonDocumentStore } from '../ports';

/** A document as read: its value (null when there is none), or where it was moved because it could not be trusted. */
export type DocumentRead<T> = { ok: true; value: T | null } | { ok: false; movedTo: string; problem: 'is unreadable' | 'has an unknown shape'; error: string | null };

/**
 * Reads a JSON document of the data folder and checks its shape. One that cannot be read or has another shape is
 * moved aside (so nothing is lost) and reported to the caller, which says in its own words what went.
 */
export async function readDocument<T>(store: JsonDocumentStore, schema: z.ZodType<T>): Promise<DocumentRead<T>> {
  let raw: unknown;
  try {
    raw = await store.read();
  } catch (err) {
    return { ok: false, movedTo: await store.quarantine(), problem: 'is unreadable', error: (err as Error).message };
  }
  if (raw === null) return { ok: true, value: null };
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, movedTo: await store.quarantine(), problem: 'has an unknown shape', error: null };
}
