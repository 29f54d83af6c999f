// Which command a person typed. A command answers to its English name ("survey new") and to the
// words its workflow declares per language (`commands.<name>` in its own locales, alternatives
// separated by "|", the first one being what help shows): "encuesta nueva", "استطلاع جديد".
// Every language's words work for everyone, so "ayuda" finds help even before a person has
// chosen Spanish. Matching ignores case, accents and Arabic letter variants; the arguments
// after the command words are handed on as typed.
import { AppError, ErrorCode } from '../core/errors.ts';
import type { CommandSpec, WorkflowModule } from './module.ts';

/** A word as matched: lower case, without accents or Arabic diacritics and letter variants.
 *  ASCII has none of those, and lower-cases the same in every locale: it takes the short way
 *  (the full folding, Unicode normalization and ICU's lower case, cost a fortieth of a turn). */
export function foldWord(word: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the whole ASCII range, control characters included
  if (/^[\u0000-\u007f]*$/.test(word)) return word.toLowerCase();
  return word
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // accents; Arabic harakat and the hamza of أ إ آ
    .replace(/\u0640/g, '') // tatweel
    .replace(/\u0649/g, '\u064A') // alef maqsura → yeh
    .replace(/\u0629/g, '\u0647') // teh marbuta → heh
    .toLocaleLowerCase('und');
}

const wordsOf = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);

/** The words a module declares for a command in one language, as written ("" when none). */
export function declaredWords(module: WorkflowModule, locale: string, command: string): string[] {
  const table = (module.locales[locale] as { commands?: Record<string, unknown> } | undefined)?.commands;
  const value = table?.[command];
  return typeof value === 'string'
    ? value
        .split('|')
        .map((w) => w.trim())
        .filter(Boolean)
    : [];
}

interface Phrase {
  words: string[];
  spec: CommandSpec;
}

export interface CommandMatcher {
  find(text: string): { spec: CommandSpec; args: string[] } | undefined;
}

/** The matcher over every module's commands. Two commands answering to the same words (in any
 *  language) is a mistake in the workflow list: it throws at start. */
export function commandMatcher(modules: readonly WorkflowModule[]): CommandMatcher {
  const phrases: Phrase[] = [];
  const owner = new Map<string, string>();
  for (const m of modules)
    for (const spec of m.commands ?? []) {
      const all = [spec.name, ...Object.keys(m.locales).flatMap((l) => declaredWords(m, l, spec.name))];
      for (const phrase of all) {
        const words = wordsOf(phrase).map(foldWord);
        const key = words.join(' ');
        const other = owner.get(key);
        if (other === spec.name) continue;
        if (other) throw new AppError(ErrorCode.Internal, `the commands "${other}" and "${spec.name}" both answer to "${phrase}"`);
        owner.set(key, spec.name);
        phrases.push({ words, spec });
      }
    }
  // Most words first, so "survey new" wins over a command "survey".
  phrases.sort((a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length);
  return {
    find(text) {
      const typed = wordsOf(text);
      const folded = typed.map(foldWord);
      for (const p of phrases) if (p.words.every((w, i) => folded[i] === w)) return { spec: p.spec, args: typed.slice(p.words.length) };
      return undefined;
    },
  };
}
