// What the survey form's values mean, without chat: picked names (a comma inside a name
// survives), typed names when a list is too long to offer, roles checked, the recurrence as cron.
import { describe, expect, it } from 'vitest';
import { card as surveyNew } from '../../workflows/surveys/cards/survey-new/index.ts';
import { surveyInputFromForm } from '../../workflows/surveys/create-form.ts';
import { renderCatalogCard } from '../support/catalog.ts';

const base = { titleEn: 'Pulse', 'items.wellbeing': 'care.whole_person', windowDays: '7', reminderDays: '3,5' };

describe('the survey form’s values', () => {
  it('picked names come back whole, even with a comma in them; typed names are split on commas', () => {
    const input = surveyInputFromForm({ ...base, buildings: `${encodeURIComponent('Hoover, North campus')},Lincoln`, regions: 'North, South ' }, 'p1');
    expect(input.audience).toEqual({ buildings: ['Hoover, North campus', 'Lincoln'], regions: ['North', 'South'] });
  });

  it('nothing picked is everyone; the Spanish title falls back to the English one (the preview flags it)', () => {
    const input = surveyInputFromForm(base, 'p1');
    expect(input).toMatchObject({ audience: {}, title: { en: 'Pulse', es: 'Pulse' }, schedule: { kind: 'once' }, windowDays: 7, reminderDays: [3, 5] });
    expect(surveyInputFromForm({ ...base, reminderDays: 'none' }, 'p1').reminderDays).toEqual([]);
  });

  it('weekly and monthly picks become the cron the scheduler runs', () => {
    expect(surveyInputFromForm({ ...base, frequency: 'weekly', weekday: '5', time: '15:30' }, 'p1').schedule).toEqual({ kind: 'cron', cron: '30 15 * * 5' });
    expect(surveyInputFromForm({ ...base, frequency: 'monthly', week: 'last', weekday: '1', time: '8:00' }, 'p1').schedule).toEqual({
      kind: 'cron',
      cron: '0 8 * * 1L',
    });
  });

  it('refuses a role or weekday that is not one of the choices', () => {
    expect(() => surveyInputFromForm({ ...base, roles: 'wizard' }, 'p1')).toThrow(/role/);
    expect(() => surveyInputFromForm({ ...base, frequency: 'weekly', weekday: '9' }, 'p1')).toThrow(/weekday/);
  });

  it('a list longer than Slack’s 100 options is typed instead of picked', () => {
    const buildings = Array.from({ length: 101 }, (_, i) => ({ value: `School ${i}`, people: 1 }));
    const example = surveyNew.examples[0]!;
    const rendered = JSON.stringify(renderCatalogCard(surveyNew.name, { ...example, audience: { ...example.audience, buildings } }, 'en'));
    expect(rendered).toMatch(/"type":"Input.Text","id":"buildings"/);
    expect(rendered).toMatch(/"type":"Input.ChoiceSet","id":"regions"/);
  });
});
