// Keys the product reserves inside an action's `data`, next to the card inputs' values.
// Every card action carries them so a submit can be routed and deduplicated on both platforms.

/** The workflow verb (also Action.Execute's own `verb`; repeated in data for Action.Submit). */
export const DATA_VERB = 'dmpsVerb';
/** The id of the card instance the person acted on (minted when the card was rendered). */
export const DATA_CARD = 'dmpsCard';

export const RESERVED_DATA_KEYS: readonly string[] = [DATA_VERB, DATA_CARD, 'msteams'];
