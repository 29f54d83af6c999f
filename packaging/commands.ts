// The commands the app packages list, derived from the assembled workflows (kernel/assemble.ts),
// so a workflow added to workflows/index.ts appears in the Teams command menu and the Slack
// usage hint without anyone editing a manifest: its words in each language (what the router
// matches) and its help line's description.
import type { Assembled } from '../kernel/assemble.ts';
import { declaredWords } from '../kernel/commands.ts';

export interface MenuCommand {
  /** What to type, in the language asked for ("survey new", "encuesta nueva"). */
  title: string;
  description: string;
  /** Everyone in the directory may use it (otherwise only some roles). */
  everyone: boolean;
}

/** Every command, those everyone may use first, in the workflows' order. */
export function menuCommands(assembled: Assembled, locale: string): MenuCommand[] {
  const { strings } = assembled.catalog;
  const all = assembled.modules.flatMap((m) =>
    (m.commands ?? []).map((spec) => ({
      title: declaredWords(m, locale, spec.name)[0] ?? spec.name,
      description: strings.translate(locale, `help.commands.${spec.helpIds[0] ?? spec.name}.description`),
      everyone: !spec.roles,
    })),
  );
  return [...all.filter((c) => c.everyone), ...all.filter((c) => !c.everyone)];
}
