// Readers for the open records of a card (cards/types.ts keeps elements as `unknown` bags):
// each returns a typed value or undefined, so nothing below needs a cast.
import type { CardElement, JsonValue } from '../../../cards/types.ts';

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isElement = (v: unknown): v is CardElement => isRecord(v) && typeof v.type === 'string';

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A string with something visible in it. */
export const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Adaptive Card enum values are case-insensitive ("Bolder", "bolder"). */
export const lower = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);

export const asArray = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);

export function isJsonValue(v: unknown): v is JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJsonValue);
  return isRecord(v) && Object.values(v).every(isJsonValue);
}
