import { type Attachment, CardFactory } from 'botbuilder';
import type { AdaptiveCard } from '../../cards/types.ts';

export const cardAttachment = (card: AdaptiveCard): Attachment => CardFactory.adaptiveCard(card);
