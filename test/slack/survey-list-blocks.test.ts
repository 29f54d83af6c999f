// The survey list on Slack: every run's buttons in one actions block, each routing back to its
// verb with its run id; a long list stays within Slack's 50 blocks and says how many surveys it
// left out, nothing is cut by the translator.
import { describe, expect, it } from 'vitest';
import { cardToMessage, parseButtonValue } from '../../bots/slack/blockkit/index.ts';
import type { SurveyListData } from '../../workflows/surveys/cards/survey-list/index.ts';
import { renderCatalogCard, translate } from '../support/catalog.ts';

const run = (id: string, seq: number, status: 'open' | 'closed') => ({
  id,
  ref: id.slice(0, 8),
  seq,
  status,
  closes: '2026-12-08T09:00',
  reach: { audience: 10, sent: 10, noAccount: 0, failed: 0, pending: 0 },
});
const surveys = (n: number): SurveyListData['surveys'] =>
  Array.from({ length: n }, (_, i) => ({
    title: { en: `Pulse ${i}`, es: `Pulso ${i}` },
    cron: null,
    runs: [run(`open-run-${i}`, 2, 'open'), run(`closed-run-${i}`, 1, 'closed')],
  }));

describe('survey list on Slack', () => {
  it('puts Results and Export of a run in one actions block that route with the run id', () => {
    const card = renderCatalogCard('survey-list', { surveys: surveys(1), can: { close: true, results: true } } satisfies SurveyListData, 'en');
    const m = cardToMessage(card);
    expect(m.report).toEqual([]);
    const rows = m.blocks
      .filter((b) => b.type === 'actions')
      .map((b) => (b as { elements: { value?: string }[] }).elements.map((e) => parseButtonValue(e.value ?? '')));
    expect(rows.map((r) => r.map((t) => [t?.verb, t?.data.runId]))).toEqual([
      [['survey.close', 'open-run-0']],
      [
        ['survey.results', 'closed-run-0'],
        ['survey.export', 'closed-run-0'],
      ],
    ]);
  });

  it('shows as many surveys as fit in 50 blocks and says how many it left out', () => {
    const card = renderCatalogCard('survey-list', { surveys: surveys(30), can: { close: true, results: true } } satisfies SurveyListData, 'en');
    const m = cardToMessage(card);
    expect(m.report).toEqual([]);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const shown = m.blocks.filter((b) => JSON.stringify(b).includes('*Pulse ')).length;
    expect(shown).toBeGreaterThan(5);
    expect(JSON.stringify(m.blocks)).toContain(translate('en', 'survey-list.more', { count: 30 - shown }));
  });
});
