// The product's card catalog and strings, assembled from the workflow list as the service does.
import { assemble } from '../../kernel/assemble.ts';
import { WORKFLOWS } from '../../workflows/index.ts';

export const product = assemble(WORKFLOWS);
export const { catalog } = product;
export const translate = catalog.strings.translate;
export const renderCatalogCard = catalog.render;

/** Every example of every card, by card name. */
export const allCardExamples = (): { name: string; data: object }[] => catalog.cards.flatMap((c) => c.examples.map((data) => ({ name: c.name, data })));
