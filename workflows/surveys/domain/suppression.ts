// Which result cells to hide so that no group smaller than the threshold can be seen or worked
// out. Cells form a tree of partitions: a parent's count is the sum of its children's (district
// -> regions -> buildings; or district -> roles). The rules, applied until nothing changes:
//
// 1. Primary: a cell with fewer than `threshold` (including none) is hidden.
// 2. Complementary: in every partition where any child is hidden, the hidden children must be
//    at least two, together reach the threshold, and (when all of them are below it) not sum to
//    a total that pins each one (k x 1 or k x (threshold-1)). Until they do, hide the next
//    smallest visible child (ties by id). So "parent minus the shown children" only ever gives
//    the sum of a group of hidden cells that is itself at least the threshold.
// 3. A hidden parent must have a hidden child (else it is the sum of its children). When all
//    children are hidden and still not protected (a single child equals its parent; small
//    children can sum to a pinning total), the parent is hidden too, except the root.
//
// `alsoHide` seeds cells hidden by an earlier pattern: per-item patterns start from the group
// pattern, so a group hidden for its response count is hidden for every item as well.
// Cells with a count of zero take no part in partitions (nothing to protect or to subtract).

export interface CellNode {
  id: string;
  parent: string | null;
  n: number;
}

export function suppressCells(nodes: readonly CellNode[], threshold: number, alsoHide: Iterable<string> = []): Set<string> {
  const known = new Set(nodes.map((c) => c.id));
  const parentOf = new Map(nodes.map((c) => [c.id, c.parent]));
  const hidden = new Set<string>([...alsoHide].filter((id) => known.has(id)));
  for (const c of nodes) if (c.n < threshold) hidden.add(c.id);

  const partitions = new Map<string, CellNode[]>();
  for (const c of nodes) {
    if (c.parent === null || c.n <= 0) continue;
    const kids = partitions.get(c.parent) ?? [];
    kids.push(c);
    partitions.set(c.parent, kids);
  }
  for (const kids of partitions.values()) kids.sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const protectedEnough = (hiddenKids: CellNode[]) => {
    const sum = hiddenKids.reduce((s, c) => s + c.n, 0);
    const allSmall = hiddenKids.every((c) => c.n < threshold);
    const pinned = allSmall && (sum === hiddenKids.length || sum === hiddenKids.length * (threshold - 1));
    return hiddenKids.length >= 2 && sum >= threshold && !pinned;
  };

  for (let changed = true; changed; ) {
    changed = false;
    const hide = (id: string) => {
      if (!hidden.has(id)) {
        hidden.add(id);
        changed = true;
      }
    };
    for (const [parent, kids] of partitions) {
      const hiddenKids = kids.filter((c) => hidden.has(c.id));
      const first = kids[0];
      if (hidden.has(parent) && hiddenKids.length === 0 && first) {
        hide(first.id);
        hiddenKids.push(first);
      }
      if (hiddenKids.length === 0) continue;
      for (const c of kids) {
        if (protectedEnough(hiddenKids)) break;
        if (hidden.has(c.id)) continue;
        hide(c.id);
        hiddenKids.push(c);
      }
      // Every child is hidden and still not protected: a single child (it equals its parent), or
      // small children whose sum pins them. Hide the parent too, and let its own partition
      // protect it. The root is not hidden for the pinned case: its total is shown in the
      // overall view anyway, and the children's values stay mixed (see README).
      if (!protectedEnough(hiddenKids) && (hiddenKids.length < 2 || parentOf.get(parent) != null)) hide(parent);
    }
  }
  return hidden;
}
