// Checks a card the way the platforms will: against the official Adaptive Card 1.5 schema
// with ajv, and by parsing it with the `adaptivecards` renderer library,
// which must report no warning or error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as AC from 'adaptivecards';
import { Ajv } from 'ajv';
import { expect } from 'vitest';

/** The official Adaptive Card 1.5 schema (a copy of shared/schemas/adaptive-card-1.5.json, kept
 *  in the repo so a clone tests the same way wherever it sits). */
const schemaFile = join(import.meta.dirname, 'schemas', 'adaptive-card-1.5.json');

/** ajv 8 does not take draft-06's `id`; the schema uses it for its own identity only. */
function renameIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(renameIds);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'id' && typeof v === 'string') out.$id = v;
    else if (k === 'properties' && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, renameIds(s)]));
    else out[k] = renameIds(v);
  }
  return out;
}

const schema = renameIds(JSON.parse(readFileSync(schemaFile, 'utf8'))) as Record<string, unknown>;
delete schema.$schema;
const validateSchema = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);

export function schemaErrors(card: unknown): string[] {
  return validateSchema(card) ? [] : (validateSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** adaptivecards 3.0.6 checks `lang` with one shared /g regex, whose lastIndex makes every
 *  second valid value fail ("Invalid value \"en\" for property \"lang\""). Reset it per parse. */
function resetLangRegex(): void {
  const prop = (AC.CardElement as unknown as { langProperty?: { regEx?: RegExp } }).langProperty;
  if (prop?.regEx) prop.regEx.lastIndex = 0;
}

export function parserEvents(card: unknown): string[] {
  resetLangRegex();
  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card as never, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return events;
}

export function expectValidCard(card: unknown): void {
  expect(schemaErrors(card), 'schema errors').toEqual([]);
  expect(parserEvents(card), 'adaptivecards parser warnings').toEqual([]);
}
