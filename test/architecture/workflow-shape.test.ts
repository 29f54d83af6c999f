// The shape every workflow keeps, so the next one is as easy to add as the last: each folder
// under workflows/ exports one module listed in workflows/index.ts, every id it declares carries
// its prefix and is unique, every card has its strings in every language, and the kernel reads
// the list (a workflow added to the list reaches the router, the catalog, the jobs and the CLI).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderTemplate } from '../../cards/render.ts';
import type { CardDefinition } from '../../cards/types.ts';
import { assemble, declaredIds, idPatterns } from '../../kernel/assemble.ts';
import { declaredWords, foldWord } from '../../kernel/commands.ts';
import { defineJob, defineVerb, defineWorkflow, type WorkflowModule } from '../../kernel/module.ts';
import { WORKFLOWS } from '../../workflows/index.ts';
import { catalog } from '../support/catalog.ts';

const root = join(import.meta.dirname, '..', '..');
const folders = readdirSync(join(root, 'workflows')).filter((f) => statSync(join(root, 'workflows', f)).isDirectory());

/** A module as someone would add it: one card, a command, a verb, a job, a default schedule. */
function exampleWorkflow(name: string): WorkflowModule {
  const card: CardDefinition<{ who: string }> = {
    name: `${name}-hello`,
    render: (data, opts) =>
      renderTemplate(`${name}-hello`, { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${t.greeting}', wrap: true }] }, data, opts),
    examples: [{ who: 'Ana' }],
  };
  return defineWorkflow({
    name,
    cards: [card],
    locales: { en: { [`${name}-hello`]: { greeting: 'Hello {{who}}' } }, es: { [`${name}-hello`]: { greeting: 'Hola {{who}}' } } },
    commands: [{ name: `${name} hello`, helpIds: [], run: async (ctx) => ({ messages: [{ card: ctx.card(card, { who: ctx.person.name }) }] }) }],
    verbs: [defineVerb({ verb: `${name}.wave`, input: z.object({ times: z.string() }), run: async () => ({}) })],
    jobs: [defineJob({ name: `${name}.tick`, params: z.object({}), run: async () => undefined })],
    schedules: [{ name: `${name}:tick`, cron: '0 9 * * 1', job: `${name}.tick` }],
  });
}

describe('the workflow list', () => {
  it('has one module per folder under workflows/, each folder exporting it from index.ts', async () => {
    expect(folders.length).toBeGreaterThanOrEqual(3);
    for (const folder of folders) {
      expect(existsSync(join(root, 'workflows', folder, 'index.ts')), folder).toBe(true);
      const exported = Object.values((await import(join(root, 'workflows', folder, 'index.ts'))) as Record<string, unknown>);
      const modules = exported.filter((v): v is WorkflowModule => WORKFLOWS.includes(v as WorkflowModule));
      expect(modules, `workflows/${folder}/index.ts exports a module listed in workflows/index.ts`).toHaveLength(1);
    }
    expect(WORKFLOWS).toHaveLength(folders.length);
  });

  it('every verb, job, schedule, command and card carries its workflow prefix, and no id is declared twice', () => {
    const all: string[] = [];
    for (const m of WORKFLOWS) {
      const patterns = idPatterns(m.name);
      for (const [kind, ids] of Object.entries(declaredIds(m)) as [keyof typeof patterns, string[]][])
        for (const id of ids) {
          expect(id, `${m.name} ${kind}`).toMatch(patterns[kind]);
          all.push(`${kind}:${id}`);
        }
    }
    expect(new Set(all).size).toBe(all.length);
    // Not vacuous: the product declares verbs, jobs and cards.
    expect(all.filter((id) => id.startsWith('verb:')).length).toBeGreaterThan(2);
    expect(all.filter((id) => id.startsWith('job:')).length).toBeGreaterThan(1);
  });

  it('every locale key of a workflow sits under its own cards, help.commands.<prefix>, notice.<prefix>… or commands.<its command>', () => {
    for (const m of WORKFLOWS) {
      const cards = new Set(m.cards.map((c) => c.name));
      const commands = (m.commands ?? []).map((c) => c.name);
      for (const [locale, strings] of Object.entries(m.locales))
        for (const [top, value] of Object.entries(strings)) {
          if (top === 'help') expect(Object.keys((value as { commands: object }).commands), `${m.name} ${locale} help`).toEqual([m.name]);
          else if (top === 'commands')
            for (const [command, words] of Object.entries(value)) {
              expect(commands, `${m.name} ${locale}: commands.${command} names one of its commands`).toContain(command);
              expect(typeof words, `${m.name} ${locale}: commands.${command}`).toBe('string');
            }
          else if (top === 'notice') for (const key of Object.keys(value)) expect(key, `${m.name} ${locale} notice`).toMatch(new RegExp(`^${m.name}[A-Z]`));
          else expect(cards.has(top), `${m.name} ${locale}: "${top}" is one of its cards`).toBe(true);
        }
    }
  });

  it("help shows each command with the words of the person's language, and no two commands share words", () => {
    for (const m of WORKFLOWS)
      for (const c of m.commands ?? [])
        for (const locale of catalog.strings.locales) {
          const shown = declaredWords(m, locale, c.name)[0] ?? c.name;
          for (const id of c.helpIds)
            expect(foldWord(catalog.strings.translate(locale, `help.commands.${id}.usage`)), `${locale} ${id}`).toMatch(new RegExp(`^${foldWord(shown)}( |$)`));
        }
    const clash = exampleWorkflow('clash');
    expect(() =>
      assemble([...WORKFLOWS, { ...clash, locales: { ...clash.locales, es: { ...clash.locales.es, commands: { 'clash hello': 'ayuda' } } } }]),
    ).toThrow(/both answer to "ayuda"/);
  });

  it('every card has every string it uses in every complete language', () => {
    for (const card of catalog.cards) {
      const en = catalog.strings.keys('en').filter((k) => k.startsWith(`${card.name}.`));
      for (const locale of ['es']) {
        const other = catalog.strings.keys(locale).filter((k) => k.startsWith(`${card.name}.`));
        expect(other.sort(), `${card.name} in ${locale}`).toEqual(en.sort());
      }
    }
  });

  it('refuses a module whose ids lack its prefix, or that declares an id another module has', () => {
    const stray = exampleWorkflow('stray');
    expect(() => assemble([...WORKFLOWS, { ...stray, verbs: [defineVerb({ verb: 'survey.answer', input: z.object({}), run: async () => ({}) })] }])).toThrow(
      /prefix/,
    );
    expect(() => assemble([...WORKFLOWS, stray, exampleWorkflow('stray')])).toThrow(/declared by/);
  });

  it('a new module in the list reaches the catalog, the strings, the jobs and the CLI without any other edit', () => {
    const added = assemble([...WORKFLOWS, exampleWorkflow('hello')]);
    expect(JSON.stringify(added.catalog.render('hello-hello', { who: 'Ana' }, 'es'))).toContain('Hola Ana');
    expect(Object.keys(added.jobs({} as Parameters<typeof added.jobs>[0]))).toContain('hello.tick');
    expect(added.modules.at(-1)?.commands?.[0]?.name).toBe('hello hello');
  });
});
