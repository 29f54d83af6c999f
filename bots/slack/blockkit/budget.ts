// Slack's block count per message (50) or modal (100): the card-level actions at the end are
// kept, the body is cut, and every block left out is reported by where it is in the card.
import type { KnownBlock } from '@slack/types';
import type { Report } from './limits.ts';
import type { Rendered } from './state.ts';

export function withinBlockLimit(body: Rendered[], actions: Rendered[], max: number, report: Report, surface: string): KnownBlock[] {
  const all = [...body, ...actions];
  if (all.length <= max) return all.map((r) => r.block);
  const tail = actions.slice(-max);
  const kept = body.slice(0, max - tail.length);
  const reported = new Set<string>();
  for (const r of [...body.slice(kept.length), ...actions.slice(0, actions.length - tail.length)]) {
    if (reported.has(r.path)) continue;
    reported.add(r.path);
    report.drop(r.path, r.element, `beyond Slack's ${max} blocks per ${surface}`);
  }
  return [...kept, ...tail].map((r) => r.block);
}
