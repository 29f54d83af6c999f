// `people reach` (admins): how many people in the directory are reachable on Teams only, on
// Slack only, on both, and not at all, with the count for each reason and the first names not
// reachable (the CLI's `people reach --list` names them all). The figures are
// directory/reach.ts's, the same the CLI prints.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import type { DirectoryReach, UnreachableReason } from '../../../../directory/reach.ts';
import template from './template.json' with { type: 'json' };

export const PEOPLE_REACH_CARD = 'people-reach';
/** Names a card lists at most (a Slack message takes 50 blocks). */
const MAX_NAMES = 20;
const REASONS: readonly UnreachableReason[] = ['no_account', 'app_blocked', 'slack_deactivated', 'inactive'];

function render(data: DirectoryReach, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `${PEOPLE_REACH_CARD}.${key}`, params);
  const count = (n: number) => String(n);
  return renderTemplate(
    PEOPLE_REACH_CARD,
    template,
    {
      summary: tr('summary', { count: data.people }),
      counts: [
        { title: tr('teamsOnly'), value: count(data.teamsOnly) },
        { title: tr('slackOnly'), value: count(data.slackOnly) },
        { title: tr('both'), value: count(data.both) },
        { title: tr('none'), value: count(data.none) },
      ],
      reasons: REASONS.filter((r) => data.byReason[r] > 0).map((r) => ({ title: tr(`reason.${r}`), value: count(data.byReason[r]) })),
      names: data.unreachable.slice(0, MAX_NAMES).map((u) => ({ title: u.name, value: `${u.email} · ${tr(`reason.${u.reason}`)}` })),
      more: data.unreachable.length > MAX_NAMES ? tr('more', { count: data.unreachable.length - MAX_NAMES }) : '',
    },
    opts,
  );
}

const examples: DirectoryReach[] = [
  {
    people: 12,
    teamsOnly: 5,
    slackOnly: 4,
    both: 1,
    none: 2,
    byReason: { inactive: 0, slack_deactivated: 1, app_blocked: 1, no_account: 0 },
    unreachable: [
      { employeeId: 'R1', name: 'Rosa Diaz', email: 'rosa.diaz@dmschools.example', reason: 'slack_deactivated' },
      { employeeId: 'R7', name: 'Sam <Lee>', email: 'sam.lee@dmschools.example', reason: 'app_blocked' },
    ],
  },
  { people: 3, teamsOnly: 0, slackOnly: 0, both: 3, none: 0, byReason: { inactive: 0, slack_deactivated: 0, app_blocked: 0, no_account: 0 }, unreachable: [] },
];

export const card: CardDefinition<DirectoryReach> = { name: PEOPLE_REACH_CARD, render, examples };
