// The cards the kernel itself answers with (a notice for refusals and failures, and the
// card for someone the directory does not know), with the strings every card may use
// (`common.*`) and the notices any workflow may raise. Workflows add their own cards.

import ar from './locales/ar.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import { card as notInDirectory } from './not-in-directory/index.ts';
import { card as notice } from './notice/index.ts';
import type { CardDefinition } from './types.ts';

export const SHARED_CARDS: readonly CardDefinition[] = [notice, notInDirectory];
export const SHARED_LOCALES = { en, es, ar };
