// What one translation carries while it walks a card: where the blocks go (message or modal),
// the report, and what must stay unique (action ids, input ids).
import type { KnownBlock, PlainTextElement } from '@slack/types';
import { Report } from './limits.ts';

export type Surface = 'message' | 'modal';

/** A produced block and the card element it came from (so a block cut for Slack's block limit
 *  is reported by its place in the card). */
export interface Rendered {
  block: KnownBlock;
  path: string;
  element: string;
}

export interface Walk {
  surface: Surface;
  report: Report;
  /** The first heading-like TextBlock has been seen (it alone becomes a header, unless others
   *  ask for it with style "heading"). */
  headingSeen: boolean;
  /** Buttons numbered in reading order: action ids are unique within the message or view. */
  nextButton: number;
  inputIds: Set<string>;
  /** Modal: the path of the action the modal's own submit button stands for. */
  modalSubmitPath?: string;
  /** Message: an element Slack offers only in modals was met (Input.Number). */
  needsModal: boolean;
}

export function newWalk(surface: Surface, modalSubmitPath?: string): Walk {
  return {
    surface,
    report: new Report(),
    headingSeen: false,
    nextButton: 0,
    inputIds: new Set(),
    needsModal: false,
    ...(modalSubmitPath ? { modalSubmitPath } : {}),
  };
}

export const plainText = (text: string): PlainTextElement => ({ type: 'plain_text', text });
