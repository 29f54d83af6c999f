// What acting on a home task submits: the verb and values come from the task as the server
// holds it. A form's own routing data wins over anything typed beside it; an action is exactly
// its declared verb and values; a task without that form or action submits nothing.
import { describe, expect, it } from 'vitest';
import { DATA_CARD, DATA_VERB } from '../../cards/ids.ts';
import type { AdaptiveCard } from '../../cards/types.ts';
import { type OwnedTask, submissionOf } from '../../kernel/home.ts';

const form: AdaptiveCard = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    { type: 'Input.Text', id: 'note', label: 'Note' },
    { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Skip', verb: 'demo.skip', associatedInputs: 'none', data: { [DATA_CARD]: 'c1' } }] },
  ],
  actions: [{ type: 'Action.Execute', title: 'Send', verb: 'demo.send', data: { [DATA_VERB]: 'demo.send', [DATA_CARD]: 'c1', runId: 'r1' } }],
};
const task: OwnedTask = {
  id: 't1',
  key: 'demo:t1',
  workflow: 'demo',
  title: 'Demo',
  kind: 'Demo',
  status: 'open',
  form,
  actions: [{ title: 'Done', verb: 'demo.done', values: { courseId: 'c-9' } }],
};

describe('submissionOf', () => {
  it('a form submits its first input-taking action with the typed values, its own data winning', () => {
    expect(submissionOf(task, { values: { note: 'hi', runId: 'forged', [DATA_VERB]: 'demo.other' } })).toEqual({
      verb: 'demo.send',
      cardInstanceId: 'c1',
      values: { note: 'hi', runId: 'r1' },
    });
  });

  it('an action submits exactly its verb and values, under one stable card instance per task and action', () => {
    expect(submissionOf(task, { action: 0 })).toEqual({ verb: 'demo.done', cardInstanceId: 'home:demo:t1:0', values: { courseId: 'c-9' } });
  });

  it('nothing for an action or form the task does not have', () => {
    expect(submissionOf(task, { action: 3 })).toBeUndefined();
    expect(submissionOf({ ...task, form: undefined }, { values: {} })).toBeUndefined();
  });
});
