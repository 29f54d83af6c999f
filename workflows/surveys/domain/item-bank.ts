// The item bank is data: seeded once from DEFAULT_ITEMS (idempotent: existing items, edited or
// not, are left alone), then listed, added to and edited by HR/communications.
import { z } from 'zod';
import { isUniqueViolation, Prisma } from '../../../core/db.ts';
import { DEFAULT_ITEMS } from './default-items.ts';
import { ITEM_KINDS, ItemChoice, ItemChoices, type ItemKind, itemKey, type SurveyDeps } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';

export interface BankItem {
  id: string;
  key: string;
  kind: ItemKind;
  topic: string;
  text: { en: string; es: string };
  choices: ItemChoice[];
  builtIn: boolean;
  active: boolean;
}

type ItemRow = { id: string; key: string; kind: ItemKind; topic: string; textEn: string; textEs: string; choices: unknown; builtIn: boolean; active: boolean };

/** Reads the choices column (null for kinds without choices). */
export function parseChoices(json: unknown): ItemChoice[] {
  if (json === null || json === undefined) return [];
  return z.array(ItemChoice).parse(json);
}

export const toBankItem = (r: ItemRow): BankItem => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  topic: r.topic,
  text: { en: r.textEn, es: r.textEs },
  choices: parseChoices(r.choices),
  builtIn: r.builtIn,
  active: r.active,
});

const hasChoices = (kind: ItemKind) => kind === 'single' || kind === 'multi';
const choicesColumn = (kind: ItemKind, choices: ItemChoice[] | undefined) => (hasChoices(kind) ? (choices as Prisma.InputJsonValue) : Prisma.DbNull);

/** Adds the default items that are missing; returns the keys it added. Safe to run on every
 *  start and from several instances at once. */
export async function seedItemBank({ db }: Pick<SurveyDeps, 'db'>): Promise<string[]> {
  const existing = new Set((await db.surveyItem.findMany({ select: { key: true } })).map((r) => r.key));
  const added: string[] = [];
  for (const item of DEFAULT_ITEMS) {
    if (existing.has(item.key)) continue;
    try {
      await db.surveyItem.create({
        data: {
          key: item.key,
          kind: item.kind,
          topic: item.topic,
          textEn: item.en,
          textEs: item.es,
          choices: choicesColumn(item.kind, item.choices),
          builtIn: true,
        },
      });
      added.push(item.key);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e; // another instance seeded it first
    }
  }
  return added;
}

export async function listItems({ db }: Pick<SurveyDeps, 'db'>, opts: { includeInactive?: boolean } = {}): Promise<BankItem[]> {
  const rows = await db.surveyItem.findMany({
    where: opts.includeInactive ? {} : { active: true },
    orderBy: [{ topic: 'asc' }, { key: 'asc' }],
  });
  return rows.map(toBankItem);
}

const text = z.string().trim().min(1).max(500);
const NewItem = z
  .object({
    key: itemKey,
    kind: z.enum(ITEM_KINDS),
    topic: z.string().trim().min(1).max(60),
    text: z.object({ en: text, es: text }),
    choices: ItemChoices.optional(),
  })
  .refine((i) => hasChoices(i.kind) === (i.choices !== undefined), { message: 'single and multi items need choices; other kinds take none', path: ['choices'] })
  .refine((i) => !i.choices || new Set(i.choices.map((c) => c.key)).size === i.choices.length, { message: 'choice keys must be unique', path: ['choices'] });

function invalid(error: z.ZodError) {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`);
  return refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, `invalid item: ${issues.join('; ')}`, undefined, { issues });
}

export async function createItem({ db }: Pick<SurveyDeps, 'db'>, input: unknown): Promise<BankItem> {
  const parsed = NewItem.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const i = parsed.data;
  try {
    const row = await db.surveyItem.create({
      data: { key: i.key, kind: i.kind, topic: i.topic, textEn: i.text.en, textEs: i.text.es, choices: choicesColumn(i.kind, i.choices) },
    });
    return toBankItem(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw refuse(ErrorCode.Conflict, SurveyNotice.invalidDefinition, `an item with key ${i.key} exists`);
    throw e;
  }
}

const ItemPatch = z
  .object({ topic: z.string().trim().min(1).max(60), text: z.object({ en: text, es: text }).partial(), choices: ItemChoices, active: z.boolean() })
  .partial()
  .strict();

/** Edits an item's wording, choices or availability. The kind never changes, and a choice key
 *  that surveys already use cannot be removed (old answers refer to it); labels can change. */
export async function updateItem({ db }: Pick<SurveyDeps, 'db'>, key: string, patch: unknown): Promise<BankItem> {
  const parsed = ItemPatch.safeParse(patch);
  if (!parsed.success) throw invalid(parsed.error);
  const p = parsed.data;
  const row = await db.surveyItem.findUnique({ where: { key } });
  if (!row) throw refuse(ErrorCode.NotFound, SurveyNotice.unknownItem, `no item ${key}`, { item: key });
  const item = toBankItem(row);
  if (p.choices) {
    if (!hasChoices(item.kind)) throw refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, `${key} takes no choices`);
    if (new Set(p.choices.map((c) => c.key)).size !== p.choices.length)
      throw refuse(ErrorCode.InvalidInput, SurveyNotice.invalidDefinition, 'choice keys must be unique');
    const kept = new Set(p.choices.map((c) => c.key));
    const dropped = item.choices.filter((c) => !kept.has(c.key));
    if (dropped.length > 0 && (await db.surveyQuestion.count({ where: { itemId: item.id } })) > 0)
      throw refuse(ErrorCode.Conflict, SurveyNotice.itemInUse, `${key} is used by a survey: its choice keys can be relabelled or added to, not removed`);
  }
  const updated = await db.surveyItem.update({
    where: { key },
    data: {
      ...(p.topic !== undefined ? { topic: p.topic } : {}),
      ...(p.text?.en !== undefined ? { textEn: p.text.en } : {}),
      ...(p.text?.es !== undefined ? { textEs: p.text.es } : {}),
      ...(p.choices !== undefined ? { choices: p.choices as Prisma.InputJsonValue } : {}),
      ...(p.active !== undefined ? { active: p.active } : {}),
    },
  });
  return toBankItem(updated);
}
