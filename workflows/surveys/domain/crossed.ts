// HR may read the place tree (district → regions → buildings) and, beside it, a district-wide
// breakdown by role or by job category. Each is suppressed on its own (disclosure.ts), but the
// two can be subtracted from each other: if all 7 nurses who answered work in one building of
// 10, that building's cell minus the nurses' cell is the other 3. So when a shown group lies
// wholly inside a shown place, the rest of the place must be none or at least the threshold,
// and when a shown place lies wholly inside a shown group, the rest of the group must be; a
// group that fails is hidden, and the group breakdown's complementary hiding is chosen again
// with it (so it cannot be recovered from the total either). Deductions over several steps
// (through places and groups the directory shows to be empty) are not covered: see the
// survey README.
import { type Cell, ROOT, type Tallies } from './cells.ts';
import { districtPattern, type Pattern } from './disclosure.ts';
import type { QuestionSpec } from './model.ts';

/** Respondents of one group value in one place (the SurveyTally counts of the group's dim). */
export interface CrossCount {
  group: string | null;
  region: string | null;
  building: string | null;
  n: number;
}

const groupCell = (group: string | null) => `g:${JSON.stringify(group)}`;
const inPlace = (c: CrossCount, place: Cell) =>
  place.level === 1 ? c.region === (place.label.region ?? null) : c.region === (place.label.region ?? null) && c.building === (place.label.building ?? null);
const small = (n: number, threshold: number) => n > 0 && n < threshold;

/** Groups that a shown place would narrow below the threshold. */
export function crossedGroups(
  cross: readonly CrossCount[],
  place: Tallies,
  placeHidden: ReadonlySet<string>,
  groups: Tallies,
  groupHidden: ReadonlySet<string>,
  threshold: number,
): Set<string> {
  const places = [...place.cells.values()].filter((c) => c.id !== ROOT && !placeHidden.has(c.id));
  const out = new Set<string>();
  for (const g of groups.cells.values()) {
    if (g.id === ROOT || groupHidden.has(g.id)) continue;
    const mine = cross.filter((c) => groupCell(c.group) === g.id);
    const size = groups.responses.get(g.id) ?? 0;
    for (const p of places) {
      const shared = mine.filter((c) => inPlace(c, p)).reduce((s, c) => s + c.n, 0);
      const placeSize = place.responses.get(p.id) ?? 0;
      const groupInPlace = size - shared === 0;
      const placeInGroup = placeSize - shared === 0;
      if ((groupInPlace && small(placeSize - shared, threshold)) || (placeInGroup && small(size - shared, threshold))) {
        out.add(g.id);
        break;
      }
    }
  }
  return out;
}

/** The group breakdown's pattern with crossed groups hidden, chosen again until it holds. */
export function crossCheckedPattern(
  groups: Tallies,
  questions: readonly QuestionSpec[],
  threshold: number,
  cross: readonly CrossCount[],
  place: Tallies,
  placePattern: Pattern,
): Pattern {
  const forced = new Set<string>();
  for (;;) {
    const pattern = districtPattern(groups, questions, threshold, forced);
    const crossed = [...crossedGroups(cross, place, placePattern.groups, groups, pattern.groups, threshold)].filter((id) => !forced.has(id));
    if (crossed.length === 0) return pattern;
    for (const id of crossed) forced.add(id);
  }
}
