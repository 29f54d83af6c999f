// Per question and cell: n, favourable share, mean, distribution (and the 0-10 net score).
import type { ItemTally } from './cells.ts';
import { FAVOURABLE, type ItemKind, type QuestionSpec } from './model.ts';

export interface DistributionEntry {
  /** The value ("1".."5", "0".."10") or the choice key. */
  key: string;
  count: number;
  /** Of the question's respondents (multi choice shares can add up to more than 1). */
  share: number;
}

export interface ItemStats {
  n: number;
  /** Share of favourable answers (agree/strongly agree; 9-10 on 0-10; favourable choices), or
   *  null where the item has no favourable side (comments, choices without one, multi). */
  favourable: number | null;
  mean: number | null;
  /** 0-10 items: % promoters (9-10) minus % detractors (0-6), -100..100. */
  netScore: number | null;
  distribution: DistributionEntry[];
}

export type ItemResult = { key: string; kind: ItemKind; text: string } & ({ suppressed: true } | ({ suppressed: false } & ItemStats));

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

function keysOf(q: QuestionSpec, tally: ItemTally): string[] {
  const listed = q.kind === 'likert5' ? range(1, 5) : q.kind === 'scale0to10' ? range(0, 10) : q.choices.map((c) => c.key);
  // Answers to a choice that was since relabelled keep their key; keys no longer listed go last.
  const extra = [...tally.counts.keys()].filter((k) => k !== '' && !listed.includes(k)).sort();
  return q.kind === 'comment' ? [] : [...listed, ...extra];
}

export function itemStats(q: QuestionSpec, tally: ItemTally): ItemStats {
  const n = tally.n;
  const count = (k: string) => tally.counts.get(k) ?? 0;
  const share = (c: number) => (n > 0 ? round(c / n, 4) : 0);
  const distribution = keysOf(q, tally).map((key) => ({ key, count: count(key), share: share(count(key)) }));
  let favourable: number | null = null;
  let mean: number | null = null;
  let netScore: number | null = null;
  if (q.kind === 'likert5' || q.kind === 'scale0to10') {
    const isFavourable = FAVOURABLE[q.kind];
    let sum = 0;
    let fav = 0;
    for (const d of distribution) {
      sum += Number(d.key) * d.count;
      if (isFavourable(Number(d.key))) fav += d.count;
    }
    favourable = share(fav);
    mean = n > 0 ? round(sum / n, 2) : null;
    if (q.kind === 'scale0to10') {
      const detractors = distribution.filter((d) => Number(d.key) <= 6).reduce((s, d) => s + d.count, 0);
      netScore = n > 0 ? Math.round(((fav - detractors) / n) * 100) : null;
    }
  } else if (q.kind === 'single' && q.choices.some((c) => c.favourable)) {
    favourable = share(q.choices.filter((c) => c.favourable).reduce((s, c) => s + count(c.key), 0));
  }
  return { n, favourable, mean, netScore, distribution };
}
