// Selection-team parameters: typed checks stored as data (HiringRule), evaluated from the
// directory and training records whenever the panel is set or changes. A check that cannot be
// evaluated (a member the directory does not have, a missing job category or building, training
// records that are not available) fails and says why; nothing passes by default.
import { z } from 'zod';
import { type Db, readInSlices } from '../../../core/db.ts';
import { ErrorCode, HiringNotice, refuse } from './model.ts';
import type { TrainingRecords } from './training-records.ts';

export const RULE_KINDS = ['min_members', 'min_job_categories', 'min_outside_building', 'training_completed'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const MinParams = z.object({ min: z.int().min(1).max(20) }).strict();
const CourseParams = z.object({ courseKey: z.string().trim().min(1).max(100) }).strict();
export const RULE_PARAMS: Record<RuleKind, z.ZodType<Record<string, string | number>>> = {
  min_members: MinParams,
  min_job_categories: MinParams,
  min_outside_building: MinParams,
  training_completed: CourseParams,
};

/** Why a rule passed or failed: a string key under `hiring-process.reason` and its values. */
export interface Reason {
  key: string;
  params: Record<string, string | number>;
}

export interface RuleResult {
  key: string;
  labelEn: string;
  labelEs: string;
  pass: boolean;
  reason: Reason;
}

export const RuleResults = z.array(
  z.object({
    key: z.string(),
    labelEn: z.string(),
    labelEs: z.string(),
    pass: z.boolean(),
    reason: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
  }),
);

export interface PanelMember {
  email: string;
  /** The directory's person, or undefined when the directory has no active person by that email. */
  person?: { id: string; building: string | null; jobCategory: string | null };
}

export interface RuleSpec {
  key: string;
  kind: string;
  params: unknown;
  labelEn: string;
  labelEs: string;
}

const list = (emails: string[]) => emails.slice(0, 5).join(', ') + (emails.length > 5 ? ` (+${emails.length - 5})` : '');

/** The panel as the directory knows it (active people only; the email is matched lower-cased). */
export async function panelFromDirectory(db: Db, emails: readonly string[]): Promise<PanelMember[]> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const people = await readInSlices(wanted, (slice) =>
    db.person.findMany({ where: { email: { in: slice }, inactiveAt: null }, select: { id: true, email: true, building: true, jobCategory: true } }),
  );
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  return wanted.map((email) => {
    const p = byEmail.get(email);
    return p ? { email, person: { id: p.id, building: p.building, jobCategory: p.jobCategory } } : { email };
  });
}

/** Evaluates each enabled rule for a panel; the first failure a rule meets is its reason. */
export async function evaluateRules(
  rules: readonly RuleSpec[],
  panel: readonly PanelMember[],
  building: string,
  training: TrainingRecords,
): Promise<RuleResult[]> {
  const unknown = panel.filter((m) => !m.person).map((m) => m.email);
  const known = panel.flatMap((m) => (m.person ? [m.person] : []));
  const out: RuleResult[] = [];
  for (const rule of rules) {
    const base = { key: rule.key, labelEn: rule.labelEn, labelEs: rule.labelEs };
    const fail = (key: string, params: Record<string, string | number> = {}) => out.push({ ...base, pass: false, reason: { key, params } });
    const pass = (key: string, params: Record<string, string | number> = {}) => out.push({ ...base, pass: true, reason: { key, params } });
    const kind = RULE_KINDS.find((k) => k === rule.kind);
    const parsed = kind ? RULE_PARAMS[kind].safeParse(rule.params) : undefined;
    if (!kind || !parsed?.success) {
      fail('misconfigured');
      continue;
    }
    if (unknown.length) {
      fail('notInDirectory', { emails: list(unknown) });
      continue;
    }
    const params = parsed.data;
    const min = Number(params.min ?? 0);
    switch (kind) {
      case 'min_members':
        if (known.length >= min) pass('members', { count: known.length, min });
        else fail('tooFewMembers', { count: known.length, min });
        break;
      case 'min_job_categories': {
        const missing = panel.filter((m) => !m.person?.jobCategory).map((m) => m.email);
        if (missing.length) {
          fail('noJobCategory', { emails: list(missing) });
          break;
        }
        const count = new Set(known.map((p) => p.jobCategory)).size;
        if (count >= min) pass('jobCategories', { count, min });
        else fail('tooFewJobCategories', { count, min });
        break;
      }
      case 'min_outside_building': {
        const missing = panel.filter((m) => !m.person?.building).map((m) => m.email);
        if (missing.length) {
          fail('noBuilding', { emails: list(missing) });
          break;
        }
        const count = known.filter((p) => p.building !== building).length;
        if (count >= min) pass('outside', { count, min });
        else fail('tooFewOutside', { count, min, building });
        break;
      }
      case 'training_completed': {
        if (known.length === 0) {
          fail('noMembers');
          break;
        }
        const done = await training.completed(
          String(params.courseKey),
          known.map((p) => p.id),
        );
        if (!done) {
          fail('trainingUnavailable');
          break;
        }
        const missing = panel.filter((m) => m.person && !done.has(m.person.id)).map((m) => m.email);
        if (missing.length) fail('notTrained', { emails: list(missing) });
        else pass('trained', { count: known.length });
        break;
      }
    }
  }
  return out;
}

/** The rules as HR keeps them, in order. */
export const enabledRules = (db: Db) => db.hiringRule.findMany({ where: { enabled: true }, orderBy: { sortOrder: 'asc' } });

/** HR changes a rule's parameters or turns it on or off; bad parameters are refused, nothing changes. */
export function checkRuleParams(kind: string, params: unknown): Record<string, string | number> {
  const k = RULE_KINDS.find((x) => x === kind);
  const parsed = k ? RULE_PARAMS[k].safeParse(params) : undefined;
  if (!parsed?.success) throw refuse(ErrorCode.InvalidInput, HiringNotice.badRule, `rule parameters refused for ${kind}`);
  return parsed.data;
}

/** HR turns a rule on or off, or sets its number (`min`); recorded in the audit trail. */
export async function changeRule(
  db: Db,
  actorId: string,
  key: string,
  change: { enabled?: boolean; min?: number; labelEn?: string; labelEs?: string },
  at: Date,
) {
  const rule = await db.hiringRule.findUnique({ where: { key } });
  if (!rule) throw refuse(ErrorCode.InvalidInput, HiringNotice.badRule, `no rule ${key}`);
  const params = change.min === undefined ? (rule.params as object) : checkRuleParams(rule.kind, { ...(rule.params as object), min: change.min });
  const label = (t: string | undefined) => {
    const v = t?.trim();
    if (v !== undefined && (v.length === 0 || v.length > 200)) throw refuse(ErrorCode.InvalidInput, HiringNotice.badRule, 'rule label refused');
    return v;
  };
  const [labelEn, labelEs] = [label(change.labelEn), label(change.labelEs)];
  const updated = await db.hiringRule.update({
    where: { key },
    data: {
      params,
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
      ...(labelEn ? { labelEn } : {}),
      ...(labelEs ? { labelEs } : {}),
      updatedBy: actorId,
    },
  });
  await db.hiringAudit.create({
    data: { actorId, action: 'rule.changed', detail: { key, enabled: change.enabled ?? null, min: change.min ?? null, label: !!(labelEn || labelEs) }, at },
  });
  return updated;
}
