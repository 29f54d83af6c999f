// What a person types finds its command whatever the case, accents or Arabic letter variants
// (kernel/commands.ts). Plain ASCII takes a shorter way than Unicode folding: it must fold alike.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commandMatcher, foldWord } from '../../kernel/commands.ts';
import { WORKFLOWS } from '../../workflows/index.ts';

/** The full folding, as the matcher defines it for any text. */
const unicodeFold = (w: string) =>
  w
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '')
    .replace(/\u0649/g, '\u064A')
    .replace(/\u0629/g, '\u0647')
    .toLocaleLowerCase('und');

describe('typed words fold alike', () => {
  it('any ASCII word folds as Unicode folding folds it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (w) => foldWord(w) === unicodeFold(w)));
  });

  it('any other word folds as Unicode folding folds it', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (w) => foldWord(w) === unicodeFold(w)));
    for (const w of ['AYUDÁ', 'Encuesta', 'ÑANDÚ', 'أداة', 'ـمساعدة', 'İstanbul']) expect(foldWord(w)).toBe(unicodeFold(w));
  });

  it('help answers to HELP, Help, ayuda and AYÚDA', () => {
    const matcher = commandMatcher(WORKFLOWS);
    for (const typed of ['HELP', 'Help', ' help ', 'ayuda', 'AYÚDA']) expect(matcher.find(typed)?.spec.name, typed).toBe('help');
    expect(matcher.find('helpme')).toBeUndefined();
  });
});
