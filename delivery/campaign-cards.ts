// A campaign's card, rendered once per language: every recipient in that language gets a copy
// with a card instance id of its own (the one thing that differs between their cards), instead
// of the template being expanded again for each of 10,000 people.
import { DATA_CARD } from '../cards/ids.ts';
import { newCardInstanceId } from '../cards/render.ts';
import type { AdaptiveCard } from '../cards/types.ts';

export type RenderFn = (template: string, data: object, locale: string) => AdaptiveCard;

interface CampaignCard {
  id: string;
  template: string;
  data: unknown;
}

/** The card instance id a rendered card's actions carry (cards/render.ts puts it on every one). */
export const cardInstanceOf = (card: AdaptiveCard): string | undefined => {
  for (const a of card.actions ?? []) if (typeof a.data?.[DATA_CARD] === 'string') return a.data[DATA_CARD] as string;
  return undefined;
};

interface Rendered {
  json: string;
  instanceId: string | undefined;
}

/** Campaigns whose rendered cards are kept (the ones being sent now, and a few before them). */
const KEEP = 16;

export function campaignCards(render: RenderFn) {
  const campaigns = new Map<string, { source: string; byLocale: Map<string, Rendered> }>();
  return {
    /** The card for one recipient. A campaign whose template or data changed since it was
     *  rendered (compared by value) is rendered again. Throws what render throws. */
    cardFor(campaign: CampaignCard, locale: string): AdaptiveCard {
      const source = JSON.stringify([campaign.template, campaign.data]);
      let entry = campaigns.get(campaign.id);
      if (entry?.source !== source) {
        entry = { source, byLocale: new Map() };
        campaigns.set(campaign.id, entry);
        for (const old of campaigns.keys()) if (campaigns.size > KEEP) campaigns.delete(old);
      }
      let rendered = entry.byLocale.get(locale);
      if (!rendered) {
        const card = render(campaign.template, (campaign.data ?? {}) as object, locale);
        rendered = { json: JSON.stringify(card), instanceId: cardInstanceOf(card) };
        entry.byLocale.set(locale, rendered);
      }
      const { json, instanceId } = rendered;
      return JSON.parse(instanceId ? json.replaceAll(instanceId, newCardInstanceId()) : json) as AdaptiveCard;
    },
  };
}
