// A form opened as a Slack modal answers as the same card would on Teams: the submit action's
// own data (e.g. the run a survey card answers) comes back with the inputs, and an action that
// needs no inputs never becomes the modal's submit.
import { describe, expect, it } from 'vitest';
import { modalFor } from '../../bots/slack/forms.ts';
import { parseViewSubmission } from '../../bots/slack/parse.ts';
import { viewSubmissionPayload } from '../standins/slack-request.ts';
import { CARD_ID, card, execute } from './blockkit-cards.ts';

const questions = Array.from({ length: 60 }, (_, i) => ({ type: 'Input.Text', id: `q${i}`, label: `Question ${i}` }));

describe('Slack modals', () => {
  it("the modal's submission carries the submit action's data, as Teams merges it into the values", () => {
    const form = card(questions, [execute('Submit answers', 'survey.answer', { runId: 'run-7' })]);
    const modal = modalFor(form, { channel: 'D1', ts: '1.2' });
    expect(modal).toBeDefined();
    const payload = viewSubmissionPayload({
      teamId: 'T1',
      user: { id: 'U1' },
      callbackId: String(modal?.view.callback_id),
      stateValues: { q3: { q3: { type: 'plain_text_input', value: 'yes' } } },
      privateMetadata: String(modal?.view.private_metadata),
    });
    const event = parseViewSubmission(payload, new Date());
    expect(event).toMatchObject({ kind: 'submit', verb: 'survey.answer', cardInstanceId: CARD_ID, values: { runId: 'run-7', q3: 'yes' } });
  });

  it('a card whose only action needs no inputs is not a form: no modal stands for it', () => {
    const preview = card(questions, [execute('Launch now', 'survey.launchNow', { surveyId: 's1' }, { associatedInputs: 'none' })]);
    expect(modalFor(preview, { channel: 'D1' })).toBeUndefined();
  });
});
