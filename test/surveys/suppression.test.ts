// Suppression as a property over random groups: nothing shown is below the threshold, and no
// hidden group's count can be worked out from what is shown (checked by linear algebra: a hidden
// cell is recoverable exactly when it is a combination of the published sums).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellNode, suppressCells } from '../../workflows/surveys/domain/index.ts';

/** District -> regions -> buildings, or district -> flat groups when regions = null. */
const tree = fc
  .record({
    threshold: fc.integer({ min: 3, max: 10 }),
    regions: fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 6 }), {
      minLength: 1,
      maxLength: 5,
    }),
  })
  .map(({ threshold, regions }) => {
    const nodes: CellNode[] = [];
    let total = 0;
    regions.forEach((buildings, r) => {
      const sum = buildings.reduce((s, n) => s + n, 0);
      total += sum;
      nodes.push({ id: `r${r}`, parent: '*', n: sum });
      for (const [b, n] of buildings.entries()) nodes.push({ id: `r${r}b${b}`, parent: `r${r}`, n });
    });
    nodes.unshift({ id: '*', parent: null, n: total });
    return { threshold, nodes };
  });

const flat = fc
  .record({ threshold: fc.integer({ min: 3, max: 10 }), groups: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 12 }) })
  .map(({ threshold, groups }) => ({
    threshold,
    nodes: [{ id: '*', parent: null, n: groups.reduce((s, n) => s + n, 0) }, ...groups.map((n, i) => ({ id: `g${i}`, parent: '*', n }))],
  }));

/** Rank of a matrix (rows of numbers) by Gaussian elimination. */
function rank(rows: number[][]): number {
  const m = rows.map((r) => [...r]);
  let rank = 0;
  const cols = m[0]?.length ?? 0;
  for (let c = 0; c < cols && rank < m.length; c++) {
    let pivot = rank;
    for (let r = rank + 1; r < m.length; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    if (Math.abs(m[pivot]![c]!) < 1e-9) continue;
    [m[rank], m[pivot]] = [m[pivot]!, m[rank]!];
    for (let r = 0; r < m.length; r++) {
      if (r === rank) continue;
      const f = m[r]![c]! / m[rank]![c]!;
      if (f !== 0) for (let k = c; k < cols; k++) m[r]![k]! -= f * m[rank]![k]!;
    }
    rank++;
  }
  return rank;
}

/** Hidden cells whose value follows from the shown ones and "parent = sum of children". */
function recoverable(nodes: CellNode[], hidden: Set<string>): string[] {
  const unknowns = nodes.filter((c) => hidden.has(c.id)).map((c) => c.id);
  const col = new Map(unknowns.map((id, i) => [id, i]));
  const equations: number[][] = [];
  for (const p of nodes) {
    const kids = nodes.filter((c) => c.parent === p.id);
    if (kids.length === 0) continue;
    const row = new Array<number>(unknowns.length).fill(0);
    if (col.has(p.id)) row[col.get(p.id)!] = 1;
    for (const k of kids) if (col.has(k.id)) row[col.get(k.id)!] = -1;
    if (row.some((x) => x !== 0)) equations.push(row);
  }
  const base = equations.length ? rank(equations) : 0;
  return unknowns.filter((id) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[col.get(id)!] = 1;
    return rank([...equations, unit]) === base;
  });
}

function checkPattern(nodes: CellNode[], threshold: number, hidden: Set<string>) {
  // Nothing shown is below the threshold.
  for (const c of nodes) if (!hidden.has(c.id)) expect(c.n).toBeGreaterThanOrEqual(threshold);
  // No hidden cell with responses can be recovered by subtraction.
  const exposed = recoverable(nodes, hidden).filter((id) => nodes.find((c) => c.id === id)!.n > 0);
  expect(exposed).toEqual([]);
  for (const p of nodes) {
    const kids = nodes.filter((c) => c.parent === p.id && c.n > 0);
    const hiddenKids = kids.filter((c) => hidden.has(c.id));
    // A hidden parent is never the plain sum of shown children.
    if (hidden.has(p.id) && kids.length > 0) expect(hiddenKids.length).toBeGreaterThan(0);
    if (hiddenKids.length === 0) continue;
    // What subtraction gives is the sum of at least two hidden groups, itself not small.
    const sum = hiddenKids.reduce((s, c) => s + c.n, 0);
    if (!hidden.has(p.id)) {
      expect(hiddenKids.length).toBeGreaterThanOrEqual(2);
      expect(sum).toBeGreaterThanOrEqual(threshold);
    }
    // ... and, when every hidden group is below the threshold, that sum does not pin each one
    // (k x 1 or k x (threshold-1)), except under the root when every group is hidden.
    const allSmall = hiddenKids.every((c) => c.n < threshold);
    const everyKidHiddenUnderRoot = p.parent === null && hiddenKids.length === kids.length;
    if (allSmall && !hidden.has(p.id) && !everyKidHiddenUnderRoot) {
      expect(sum).not.toBe(hiddenKids.length);
      expect(sum).not.toBe(hiddenKids.length * (threshold - 1));
    }
  }
}

describe('suppression', () => {
  it('shows no cell below the threshold and none recoverable by subtraction (regions and buildings)', () => {
    fc.assert(
      fc.property(tree, ({ threshold, nodes }) => checkPattern(nodes, threshold, suppressCells(nodes, threshold))),
      { numRuns: 400 },
    );
  });

  it('holds for flat breakdowns (role, job category)', () => {
    fc.assert(
      fc.property(flat, ({ threshold, nodes }) => checkPattern(nodes, threshold, suppressCells(nodes, threshold))),
      { numRuns: 400 },
    );
  });

  it('holds per question when some people skip it, and keeps every group-level hidden cell hidden', () => {
    const withSkips = tree.chain(({ threshold, nodes }) =>
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: nodes.length, maxLength: nodes.length }).map((ratios) => {
        // Answers to an optional question: up to the building's responses; sums upward.
        const leaves = nodes.filter((c) => c.id.includes('b'));
        const itemN = new Map(leaves.map((c, i) => [c.id, Math.floor(c.n * ratios[i]!)]));
        const item = nodes.map((c) => ({ ...c, n: c.id.includes('b') ? itemN.get(c.id)! : 0 }));
        for (const r of item.filter((c) => c.parent === '*')) r.n = item.filter((c) => c.parent === r.id).reduce((s, c) => s + c.n, 0);
        item[0]!.n = item.filter((c) => c.parent === '*').reduce((s, c) => s + c.n, 0);
        return { threshold, nodes, item };
      }),
    );
    fc.assert(
      fc.property(withSkips, ({ threshold, nodes, item }) => {
        const groups = suppressCells(nodes, threshold);
        const perItem = suppressCells(item, threshold, groups);
        for (const id of groups) expect(perItem.has(id)).toBe(true);
        checkPattern(item, threshold, perItem);
      }),
      { numRuns: 300 },
    );
  });

  it('is stable: applying it to its own result changes nothing', () => {
    fc.assert(
      fc.property(tree, ({ threshold, nodes }) => {
        const once = suppressCells(nodes, threshold);
        expect([...suppressCells(nodes, threshold, once)].sort()).toEqual([...once].sort());
      }),
    );
  });

  it('hides a building of 4 and the next smallest building beside it, not the rest', () => {
    const nodes: CellNode[] = [
      { id: '*', parent: null, n: 4 + 6 + 20 + 30 },
      { id: 'north', parent: '*', n: 30 },
      { id: 'hoover', parent: 'north', n: 4 },
      { id: 'roosevelt', parent: 'north', n: 6 },
      { id: 'lincoln', parent: 'north', n: 20 },
      { id: 'south', parent: '*', n: 30 },
      { id: 'east', parent: 'south', n: 30 },
    ];
    expect([...suppressCells(nodes, 5)].sort()).toEqual(['hoover', 'roosevelt']);
  });

  it('hides a region whose only building is hidden, and protects it among the regions', () => {
    const nodes: CellNode[] = [
      { id: '*', parent: null, n: 4 + 12 + 40 },
      { id: 'west', parent: '*', n: 4 },
      { id: 'west-1', parent: 'west', n: 4 },
      { id: 'north', parent: '*', n: 12 },
      { id: 'north-1', parent: 'north', n: 5 },
      { id: 'north-2', parent: 'north', n: 7 },
      { id: 'south', parent: '*', n: 40 },
      { id: 'south-1', parent: 'south', n: 40 },
    ];
    const hidden = suppressCells(nodes, 5);
    expect(hidden.has('west')).toBe(true);
    expect(hidden.has('north')).toBe(true); // else west = total - north - south
    expect(hidden.has('north-1') && hidden.has('north-2')).toBe(true); // else north = sum of its buildings
    expect(hidden.has('south')).toBe(false);
  });
});
