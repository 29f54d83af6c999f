// What any viewer may see of a closed run, decided once on the district-wide groups, so that
// what two viewers see together (HR and a region leader, two building leaders, a leader and
// communications) tells no more than what one of them could see alone.
//
// - Scores and counts. The place tree district -> regions -> buildings is suppressed once
//   (suppressCells) for the response count and for each question's n. A viewer's cells are
//   cells of that tree: a region leader's overall is the region's cell, a building leader's the
//   building's (a building listed under two regions is shown only when each of its cells is).
//   A cell hidden in the district pattern is hidden for every viewer, even for the leader of
//   that building: else HR's region total minus the leader's building gives the hidden
//   sibling. Role and job-category breakdowns are district-wide only (HR, admin) and are
//   suppressed once on district -> groups.
// - Comments are listed per scope only (the district, a region, a building: what one viewer
//   may read), never per breakdown group. Comment sets can be intersected and subtracted as
//   sets, so the rule is on the atoms of the scopes that show comments: every set of places
//   that the shown scopes separate (inside all of some, outside the others) holds no responses
//   or at least the comment threshold. Scopes are withdrawn, smallest first, until that holds.
import type { ScopeFilter } from './access.ts';
import { type Cell, ROOT, type Tallies } from './cells.ts';
import type { QuestionSpec } from './model.ts';
import { suppressCells } from './suppression.ts';

export interface Pattern {
  /** Cells hidden for their response count (and so for every question). */
  groups: Set<string>;
  /** Per question: cells hidden for that question's n. */
  items: Map<string, Set<string>>;
}

/** The district-wide pattern of one run for one tree (place, or district -> groups). */
export function districtPattern(t: Tallies, questions: readonly QuestionSpec[], threshold: number, alsoHide: Iterable<string> = []): Pattern {
  const cells = [...t.cells.values()];
  const groups = suppressCells(
    cells.map((c) => ({ id: c.id, parent: c.parent, n: t.responses.get(c.id) ?? 0 })),
    threshold,
    alsoHide,
  );
  const items = new Map(
    questions.map((q) => [
      q.key,
      suppressCells(
        cells.map((c) => ({ id: c.id, parent: c.parent, n: t.items.get(c.id)?.get(q.key)?.n ?? 0 })),
        threshold,
        groups,
      ),
    ]),
  );
  return { groups, items };
}

const regionCell = (region: string | null) => `r:${JSON.stringify(region)}`;
const buildingCell = (region: string | null, building: string | null) => `b:${JSON.stringify([region, building])}`;

/** The district cells a cell of a viewer's own (scoped) tallies is made of. Empty when the
 *  district has no such cell (then nothing is there to show). */
export function districtCellsOf(filter: ScopeFilter, cell: Cell, district: Tallies): string[] {
  if (filter.kind === 'all') return [cell.id];
  if (filter.kind === 'region') return cell.id === ROOT ? [regionCell(filter.region)] : [cell.id];
  // A building scope: its region cells hold that building only.
  if (cell.id === ROOT) return [...district.cells.values()].filter((c) => c.level === 2 && c.label.building === filter.building).map((c) => c.id);
  if (cell.level === 1 && cell.label.region !== undefined) return [buildingCell(cell.label.region, filter.building)];
  return [cell.id];
}

/** Whether a viewer's cell is hidden by a district pattern's hidden set. */
export function hiddenFor(hidden: ReadonlySet<string>, filter: ScopeFilter, cell: Cell, district: Tallies): boolean {
  const ids = districtCellsOf(filter, cell, district);
  return ids.length === 0 || ids.some((id) => !district.cells.has(id) || hidden.has(id));
}

// ---------- comments ----------

export type ScopeKey = string;
export const scopeKey = (filter: ScopeFilter): ScopeKey =>
  filter.kind === 'all' ? 'all' : filter.kind === 'region' ? `region:${JSON.stringify(filter.region)}` : `building:${JSON.stringify(filter.building)}`;

export interface PlaceLeaf {
  region: string | null;
  building: string | null;
  n: number;
}

/** The place leaves (region, building) of a district place tally, with their response counts. */
export function placeLeaves(district: Tallies): PlaceLeaf[] {
  return [...district.cells.values()]
    .filter((c) => c.level === 2)
    .map((c) => ({ region: c.label.region ?? null, building: c.label.building ?? null, n: district.responses.get(c.id) ?? 0 }))
    .filter((l) => l.n > 0);
}

function scopesOf(l: PlaceLeaf): ScopeFilter[] {
  const out: ScopeFilter[] = [{ kind: 'all' }];
  if (l.region !== null) out.push({ kind: 'region', region: l.region });
  if (l.building !== null) out.push({ kind: 'building', building: l.building });
  return out;
}

/** The atoms of a set of scopes: leaves grouped by which of the scopes hold them. */
export function commentAtoms(leaves: readonly PlaceLeaf[], shown: ReadonlySet<ScopeKey>): { signature: ScopeKey[]; n: number }[] {
  const atoms = new Map<string, { signature: ScopeKey[]; n: number }>();
  for (const l of leaves) {
    const signature = scopesOf(l)
      .map(scopeKey)
      .filter((s) => shown.has(s))
      .sort();
    if (signature.length === 0) continue;
    const key = JSON.stringify(signature);
    const atom = atoms.get(key) ?? { signature, n: 0 };
    atom.n += l.n;
    atoms.set(key, atom);
  }
  return [...atoms.values()].sort((a, b) => (JSON.stringify(a.signature) < JSON.stringify(b.signature) ? -1 : 1));
}

/** Scopes whose comments may be listed. `withheld` are scopes hidden for their scores: their
 *  comments are not listed either. */
export function commentScopes(leaves: readonly PlaceLeaf[], threshold: number, withheld: (scope: ScopeFilter) => boolean): Set<ScopeKey> {
  const size = new Map<ScopeKey, number>();
  const filters = new Map<ScopeKey, ScopeFilter>();
  for (const l of leaves)
    for (const f of scopesOf(l)) {
      const key = scopeKey(f);
      filters.set(key, f);
      size.set(key, (size.get(key) ?? 0) + l.n);
    }
  const shown = new Set([...size].filter(([key, n]) => n >= threshold && !withheld(filters.get(key) ?? { kind: 'all' })).map(([key]) => key));
  const bySize = (a: ScopeKey, b: ScopeKey) => (size.get(a) ?? 0) - (size.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  for (;;) {
    const bad = commentAtoms(leaves, shown).find((a) => a.n > 0 && a.n < threshold);
    if (!bad) return shown;
    // Withdraw the smallest scope that separates this atom from its neighbours: one that holds
    // it, or, when only the district does, any other shown scope (its places join the atom).
    const inside = bad.signature.filter((s) => s !== 'all').sort(bySize);
    const others = [...shown].filter((s) => s !== 'all').sort(bySize);
    const drop = inside[0] ?? others[0];
    if (drop === undefined) {
      shown.clear(); // only the district is shown and it is too small: cannot happen, but be safe
      return shown;
    }
    shown.delete(drop);
  }
}
