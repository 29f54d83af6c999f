// Result cells: the scope's total at the root, then the groups of a breakdown. Building
// breakdowns keep the region above the building (district -> region -> building), so region
// totals and building cells are protected together; a building listed under two regions in the
// directory becomes two cells. Counts from the database are added up along each cell's path.
import type { CountRow } from './aggregate.ts';
import type { BreakdownBy } from './model.ts';
import { COUNT_KEY } from './tallies.ts';

export const ROOT = '*';

export interface GroupLabel {
  building?: string | null;
  region?: string | null;
  role?: string | null;
  jobCategory?: string | null;
}

export interface Cell {
  id: string;
  parent: string | null;
  label: GroupLabel;
  /** How deep: 0 root, 1 region or group, 2 building. */
  level: number;
}

/** The level whose cells a breakdown shows. */
export const displayLevel = (by: BreakdownBy) => (by === 'building' ? 2 : 1);

/** Root-to-leaf cells for one row of group values. */
export function cellPath(by: BreakdownBy | undefined, groups: readonly (string | null)[]): Cell[] {
  const root: Cell = { id: ROOT, parent: null, label: {}, level: 0 };
  if (!by) return [root];
  if (by === 'building' || by === 'region') {
    const [region = null, building = null] = groups;
    const r: Cell = { id: `r:${JSON.stringify(region)}`, parent: ROOT, label: { region }, level: 1 };
    const b: Cell = { id: `b:${JSON.stringify([region, building])}`, parent: r.id, label: { region, building }, level: 2 };
    return [root, r, b];
  }
  const value = groups[0] ?? null;
  return [root, { id: `g:${JSON.stringify(value)}`, parent: ROOT, label: { [by]: value }, level: 1 }];
}

export interface ItemTally {
  n: number;
  /** Answers per value ("1".."5", "0".."10") or choice key; comments under "". */
  counts: Map<string, number>;
}

export interface Tallies {
  cells: Map<string, Cell>;
  responses: Map<string, number>;
  items: Map<string, Map<string, ItemTally>>;
}

const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

function itemTally(t: Tallies, cell: string, questionKey: string): ItemTally {
  let byQuestion = t.items.get(cell);
  if (!byQuestion) {
    byQuestion = new Map();
    t.items.set(cell, byQuestion);
  }
  let tally = byQuestion.get(questionKey);
  if (!tally) {
    tally = { n: 0, counts: new Map() };
    byQuestion.set(questionKey, tally);
  }
  return tally;
}

/** Adds the tally sums of one run into cells. */
export function tally(by: BreakdownBy | undefined, rows: readonly CountRow[]): Tallies {
  const t: Tallies = { cells: new Map(), responses: new Map(), items: new Map() };
  t.cells.set(ROOT, { id: ROOT, parent: null, label: {}, level: 0 });
  for (const row of rows)
    for (const cell of cellPath(by, row.groups)) {
      t.cells.set(cell.id, cell);
      if (row.questionKey === COUNT_KEY) bump(t.responses, cell.id, row.n);
      else if (row.answerKey === COUNT_KEY) itemTally(t, cell.id, row.questionKey).n += row.n;
      else bump(itemTally(t, cell.id, row.questionKey).counts, row.answerKey, row.n);
    }
  return t;
}
