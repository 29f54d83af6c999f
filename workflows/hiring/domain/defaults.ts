// The district's seeded selection-team parameters and interview checklist. HR edits them
// afterwards (`npm run cli -- hiring rule|item …`); seeding only adds what is missing.
import { isUniqueViolation } from '../../../core/db.ts';
import type { HiringDeps } from './model.ts';
import type { RuleKind } from './rules.ts';

export const DEFAULT_RULES: readonly { key: string; kind: RuleKind; params: Record<string, string | number>; labelEn: string; labelEs: string }[] = [
  { key: 'min_members', kind: 'min_members', params: { min: 3 }, labelEn: 'At least 3 members', labelEs: 'Al menos 3 miembros' },
  {
    key: 'job_categories',
    kind: 'min_job_categories',
    params: { min: 2 },
    labelEn: 'At least 2 job categories',
    labelEs: 'Al menos 2 categorías de puesto',
  },
  {
    key: 'outside_building',
    kind: 'min_outside_building',
    params: { min: 1 },
    labelEn: 'At least one member from outside the building',
    labelEs: 'Al menos un miembro de fuera del edificio',
  },
  {
    key: 'selection_training',
    kind: 'training_completed',
    params: { courseKey: 'selection-process' },
    labelEn: 'Every member has completed the selection-process training',
    labelEs: 'Todos los miembros completaron la capacitación del proceso de selección',
  },
];

export const DEFAULT_ITEMS: readonly { key: string; textEn: string; textEs: string }[] = [
  {
    key: 'blind_review',
    textEn: 'Blind résumé review completed with the weighting',
    textEs: 'Revisión ciega del currículum completada con la ponderación',
  },
  {
    key: 'questions_ahead',
    textEn: 'The approved questions were given to the candidate ahead of time',
    textEs: 'Las preguntas aprobadas se dieron al candidato con anticipación',
  },
  { key: 'same_questions', textEn: 'The same questions were asked in the same order', textEs: 'Se hicieron las mismas preguntas en el mismo orden' },
  {
    key: 'independent_scoring',
    textEn: 'Each panelist scored independently with the rubric before any discussion',
    textEs: 'Cada miembro del panel calificó por su cuenta con la rúbrica antes de cualquier conversación',
  },
  { key: 'blind_task', textEn: 'The blind performance task was scored blind', textEs: 'La tarea de desempeño ciega se calificó a ciegas' },
  { key: 'accommodations', textEn: 'Accommodations were offered', textEs: 'Se ofrecieron adaptaciones' },
];

/** Adds the default rules and checklist items that are missing; returns how many were added. */
export async function seedHiring({ db }: Pick<HiringDeps, 'db'>): Promise<number> {
  const haveRules = new Set((await db.hiringRule.findMany({ select: { key: true } })).map((r) => r.key));
  const haveItems = new Set((await db.hiringChecklistItem.findMany({ select: { key: true } })).map((r) => r.key));
  const rules = DEFAULT_RULES.map((r, i) => ({ ...r, sortOrder: i + 1 })).filter((r) => !haveRules.has(r.key));
  const items = DEFAULT_ITEMS.map((r, i) => ({ ...r, sortOrder: i + 1 })).filter((r) => !haveItems.has(r.key));
  // Several instances may start at once: a row another one inserted first is simply there.
  let added = 0;
  const insert = (write: Promise<unknown>) =>
    write.then(
      () => void added++,
      (e: unknown) => {
        if (!isUniqueViolation(e)) throw e;
      },
    );
  for (const data of rules) await insert(db.hiringRule.create({ data }));
  for (const data of items) await insert(db.hiringChecklistItem.create({ data }));
  return added;
}
