// `hiring new`: the form a hiring manager opens a process with: position, building and job
// category (the directory's own values), the applicant-tracking requisition id, and the panel
// (directory emails). Submitting shows the process card with every selection-team parameter.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import template from './template.json' with { type: 'json' };

export const HIRING_NEW_CARD = 'hiring-new';
export const HIRING_OPEN_VERB = 'hiring.open';
export const HIRING_NEW_INPUTS = {
  position: 'position',
  building: 'building',
  jobCategory: 'jobCategory',
  requisitionId: 'requisitionId',
  panel: 'panel',
} as const;

export interface HiringNewData {
  buildings: string[];
  jobCategories: string[];
  /** What the person typed, kept when the form comes back with a problem. */
  values?: Partial<Record<keyof typeof HIRING_NEW_INPUTS, string>>;
  problem?: boolean;
}

function render(data: HiringNewData, opts: RenderOptions): AdaptiveCard {
  const v = data.values ?? {};
  return renderTemplate(
    HIRING_NEW_CARD,
    template,
    {
      ids: { ...HIRING_NEW_INPUTS, verb: HIRING_OPEN_VERB },
      buildings: data.buildings.slice(0, 100).map((b) => ({ title: b, value: b })),
      jobCategories: data.jobCategories.slice(0, 100).map((b) => ({ title: b, value: b })),
      initial: { position: '', building: '', jobCategory: '', requisitionId: '', panel: '', ...v },
      problem: data.problem === true,
    },
    opts,
  );
}

const examples: HiringNewData[] = [
  { buildings: ['Hoover High', 'Lincoln High'], jobCategories: ['Teacher', 'Administrator'] },
  {
    buildings: ['Hoover High'],
    jobCategories: ['Teacher'],
    values: { position: 'Math teacher', building: 'Hoover High', requisitionId: 'R-1042', panel: 'a@dmschools.example' },
    problem: true,
  },
];

export const card: CardDefinition<HiringNewData> = { name: HIRING_NEW_CARD, render, examples };
