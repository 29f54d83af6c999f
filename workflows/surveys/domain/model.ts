// The vocabulary of pulse surveys: item kinds, limits and defaults, and the shapes kept in JSON
// columns (parsed with zod where they are read, so nothing downstream sees `unknown`).
import { z } from 'zod';
import type { Clock } from '../../../core/clock.ts';
import { type Db, ROLES } from '../../../core/db.ts';
import type { Logger } from '../../../core/log.ts';
import type { SealKey } from './seal.ts';

/** What every survey function needs. A TurnContext / Services object satisfies it. */
export interface SurveyDeps {
  db: Db;
  clock: Clock;
  log?: Logger;
  /** The key answers are sealed with while a run is open; the service's (SURVEY_SEAL_KEY or its
   *  key file, seal.ts) when absent. */
  sealKey?: SealKey;
}

export const ITEM_KINDS = ['likert5', 'scale0to10', 'single', 'multi', 'comment'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const SURVEY_LOCALES = ['en', 'es'] as const;
export type SurveyLocale = (typeof SURVEY_LOCALES)[number];
/** The survey language for a person's preferred language (Spanish, else English). */
export const surveyLocale = (language: string | null | undefined): SurveyLocale => (language?.toLowerCase().startsWith('es') ? 'es' : 'en');

export const DEFAULTS = {
  timeZone: 'America/Chicago',
  windowDays: 7,
  reminderDays: [3, 5],
  minScores: 5,
  minComments: 10,
} as const;

export const LIMITS = {
  /** A threshold is never below this, whatever a survey asks. */
  minThreshold: 3,
  maxThreshold: 100,
  maxWindowDays: 60,
  maxReminders: 3,
  maxQuestions: 25,
  /** Characters (code points) in a comment after trimming; longer is refused, not cut. */
  maxCommentChars: 2000,
} as const;

/** Labels of the agree scale, 1..5, for cards and exports. */
export const LIKERT_LABELS: Record<SurveyLocale, readonly string[]> = {
  en: ['Strongly disagree', 'Disagree', 'Neither agree nor disagree', 'Agree', 'Strongly agree'],
  es: ['Totalmente en desacuerdo', 'En desacuerdo', 'Ni de acuerdo ni en desacuerdo', 'De acuerdo', 'Totalmente de acuerdo'],
};

/** Which answers count as favourable: agree or strongly agree on the agree scale; 9 or 10
 *  ("promoters") on the 0-10 scale; choices the item marks favourable; none for comments. */
export const FAVOURABLE = { likert5: (v: number) => v >= 4, scale0to10: (v: number) => v >= 9 } as const;

export const choiceKey = z.string().regex(/^[a-z0-9_]{1,40}$/, 'choice keys are lower-case letters, digits or _');
export const ItemChoice = z.object({
  key: choiceKey,
  en: z.string().trim().min(1).max(200),
  es: z.string().trim().min(1).max(200),
  favourable: z.boolean().optional(),
});
export type ItemChoice = z.infer<typeof ItemChoice>;
export const ItemChoices = z.array(ItemChoice).min(2).max(12);

export const itemKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/, 'item keys look like "topic.name"')
  .max(60);

const attributeList = z.array(z.string().trim().min(1).max(120)).min(1).max(500);
/** Who a survey goes to: AND across the given keys, OR within one; {} means everyone. */
export const Audience = z
  .object({
    roles: z.array(z.enum(ROLES)).min(1).optional(),
    buildings: attributeList.optional(),
    regions: attributeList.optional(),
    jobCategories: attributeList.optional(),
  })
  .strict();
export type Audience = z.infer<typeof Audience>;

export const ReminderDays = z.array(z.int().min(1)).max(LIMITS.maxReminders);

export const BREAKDOWNS = ['building', 'region', 'role', 'jobCategory'] as const;
export type BreakdownBy = (typeof BREAKDOWNS)[number];

/** A question of a survey as the card and the validator need it. */
export interface QuestionSpec {
  /** The item key: the card input id and the key in submitted values. */
  key: string;
  kind: ItemKind;
  required: boolean;
  text: Record<SurveyLocale, string>;
  choices: ItemChoice[];
}

/** A run or survey id as cards show it and people type it (`survey results 1a2b3c4d`): its first
 *  characters. `targetOf` (operations.ts) finds the one id a reference starts. */
export const SHORT_REF_LENGTH = 8;
export const shortRef = (id: string): string => id.slice(0, SHORT_REF_LENGTH);

export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' of an instant in a time zone. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export { isTimeZone } from '../../../core/time-zone.ts';
