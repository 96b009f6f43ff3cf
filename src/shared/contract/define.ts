import type { z } from 'zod';

/** A request of the API contract: its parameters and its result, each with a runtime schema. */
export interface RequestDef<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  params: P;
  result: R;
  /** One line for the reader of the contract. */
  doc: string;
}

/** An event the host pushes to every connected client. */
export interface EventDef<D extends z.ZodType = z.ZodType> {
  data: D;
  doc: string;
}

export function request<P extends z.ZodType, R extends z.ZodType>(doc: string, params: P, result: R): RequestDef<P, R> {
  return { doc, params, result };
}

export function event<D extends z.ZodType>(doc: string, data: D): EventDef<D> {
  return { doc, data };
}
