// Checks submitted values against a run's questions and turns them into answer rows. Values are
// the form's input map (question key -> string; multi choice comma-joined, as Teams sends it).
// Refusals name the question, never what was typed.

import { unstorableText } from '../../../kernel/text.ts';
import { LIMITS, type QuestionSpec } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';

export interface AnswerRow {
  questionKey: string;
  choice: string;
  value: number | null;
  comment: string | null;
}

const LIKERT = /^[1-5]$/;
const SCALE = /^(10|[0-9])$/;

const bad = (q: QuestionSpec) =>
  refuse(ErrorCode.InvalidInput, SurveyNotice.invalidAnswer, `the answer to ${q.key} is not one of its options`, { question: q.key });

function answerOf(q: QuestionSpec, raw: string): AnswerRow[] {
  const base = { questionKey: q.key, choice: '', value: null, comment: null };
  switch (q.kind) {
    case 'likert5':
      if (!LIKERT.test(raw)) throw bad(q);
      return [{ ...base, value: Number(raw) }];
    case 'scale0to10':
      if (!SCALE.test(raw)) throw bad(q);
      return [{ ...base, value: Number(raw) }];
    case 'single':
      if (!q.choices.some((c) => c.key === raw)) throw bad(q);
      return [{ ...base, choice: raw }];
    case 'multi': {
      const keys = [
        ...new Set(
          raw
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean),
        ),
      ];
      if (keys.some((k) => !q.choices.some((c) => c.key === k))) throw bad(q);
      return keys.map((choice) => ({ ...base, choice }));
    }
    case 'comment': {
      // Checked here too (not only where chat events arrive) so the CLI and every caller are covered.
      const problem = unstorableText(raw);
      if (problem)
        throw refuse(
          ErrorCode.InvalidInput,
          SurveyNotice.unreadableComment,
          `the comment holds text that cannot be stored (${problem})`,
          { question: q.key },
          { problem },
        );
      const length = [...raw].length;
      if (length > LIMITS.maxCommentChars)
        throw refuse(
          ErrorCode.InvalidInput,
          SurveyNotice.commentTooLong,
          `the comment has ${length} characters; at most ${LIMITS.maxCommentChars} are accepted`,
          {
            question: q.key,
            max: LIMITS.maxCommentChars,
            length,
          },
        );
      return [{ ...base, comment: raw }];
    }
  }
}

/** The answer rows for a submission, or an AppError (invalid_input) saying what to fix. */
export function validateAnswers(questions: readonly QuestionSpec[], values: Readonly<Record<string, string>>): AnswerRow[] {
  const known = new Set(questions.map((q) => q.key));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length > 0)
    throw refuse(ErrorCode.InvalidInput, SurveyNotice.unknownQuestion, `this survey has no question ${unknown.slice(0, 3).join(', ')}`, {
      question: (unknown[0] ?? '').slice(0, 80),
    });
  const rows: AnswerRow[] = [];
  for (const q of questions) {
    const raw = (values[q.key] ?? '').trim();
    if (raw === '' || (q.kind === 'multi' && raw.replace(/[,\s]/g, '') === '')) {
      if (q.required) throw refuse(ErrorCode.InvalidInput, SurveyNotice.requiredMissing, `${q.key} needs an answer`, { question: q.key });
      continue;
    }
    rows.push(...answerOf(q, raw));
  }
  if (rows.length === 0) throw refuse(ErrorCode.InvalidInput, SurveyNotice.empty, 'nothing was answered');
  return rows;
}
