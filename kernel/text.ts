// Text a person typed that the service cannot keep faithfully is refused at the edge, before any
// workflow sees it, with a clear answer instead of a database error:
// - NUL (U+0000): PostgreSQL's text and jsonb cannot hold it (SQLite can, so the two would differ);
// - a lone UTF-16 surrogate (U+D800–U+DFFF without its pair): not a character, no UTF-8 encoding;
// - other control characters (C0 except tab, line feed and carriage return; DEL; C1): invisible on
//   every card, and escape sequences (ESC, CSI) would reach HR's terminal through `survey results`
//   and exports. Nobody types them on purpose; a pasted one is better refused than stored.
import { AppError, ErrorCode } from '../core/errors.ts';
import type { InboundEvent } from './events.ts';

export type TextProblem = 'nul' | 'lone_surrogate' | 'control_character';

// Lone surrogates: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** What makes this text unstorable, or undefined when it is fine. Walks arrays and objects
 *  (keys included), so a form's whole values map is checked in one call. */
export function unstorableText(value: unknown): TextProblem | undefined {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return 'nul';
    if (LONE_SURROGATE.test(value)) return 'lone_surrogate';
    if (CONTROL.test(value)) return 'control_character';
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = unstorableText(v);
      if (p) return p;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = unstorableText(k) ?? unstorableText(v);
      if (p) return p;
    }
  }
  return undefined;
}

export const UNREADABLE_TEXT_NOTICE = 'unreadableText';

/** Throws invalid_input (notice "unreadableText") when what the person typed or submitted
 *  holds text that cannot be stored. The error names the problem, never the text. */
export function refuseUnstorableInput(event: InboundEvent): void {
  const typed = event.kind === 'message' ? event.text : event.kind === 'submit' ? [event.verb, event.cardInstanceId, event.values] : undefined;
  const problem = unstorableText(typed);
  if (problem)
    throw new AppError(ErrorCode.InvalidInput, `the ${event.kind} holds text that cannot be stored (${problem})`, {
      notice: { key: UNREADABLE_TEXT_NOTICE },
      details: { problem },
    });
}
