// Every card the product can produce, by name. Workflows render through renderCatalogCard
// (the CardRenderer in kernel/turn.ts); tests validate every example of every card.
import { AppError, ErrorCode } from '../core/errors.ts';
import { newCardInstanceId, type RenderOptions } from './render.ts';
import type { AdaptiveCard } from './types.ts';
import * as help from './help/index.ts';
import * as languagePicker from './language-picker/index.ts';
import * as languageChanged from './language-changed/index.ts';
import * as notInDirectory from './not-in-directory/index.ts';
import * as notice from './notice/index.ts';
import * as survey from './survey/index.ts';
import * as surveyThanks from './survey-thanks/index.ts';
import * as surveyClosed from './survey-closed/index.ts';
import * as surveyNew from './survey-new/index.ts';
import * as surveyList from './survey-list/index.ts';
import * as surveyResults from './survey-results/index.ts';
import * as surveyAck from './survey-ack/index.ts';

export interface CardModule<D> {
  render(data: D, opts: RenderOptions): AdaptiveCard;
  examples: D[];
}

interface AnyCard {
  render(data: object, opts: RenderOptions): AdaptiveCard;
  examples: object[];
}

/** Each module's data type is checked where it is defined; the registry holds them by name. */
const entry = <D extends object>(m: CardModule<D>): AnyCard => ({ render: (d, o) => m.render(d as D, o), examples: m.examples });

const CARDS: Record<string, AnyCard> = {
  [help.HELP_CARD]: entry(help),
  [languagePicker.LANGUAGE_PICKER_CARD]: entry(languagePicker),
  [languageChanged.LANGUAGE_CHANGED_CARD]: entry(languageChanged),
  [notInDirectory.NOT_IN_DIRECTORY_CARD]: entry(notInDirectory),
  [notice.NOTICE_CARD]: entry(notice),
  [survey.SURVEY_CARD]: entry(survey),
  [surveyThanks.SURVEY_THANKS_CARD]: entry(surveyThanks),
  [surveyClosed.SURVEY_CLOSED_CARD]: entry(surveyClosed),
  [surveyNew.SURVEY_NEW_CARD]: entry(surveyNew),
  [surveyList.SURVEY_LIST_CARD]: entry(surveyList),
  [surveyResults.SURVEY_RESULTS_CARD]: entry(surveyResults),
  [surveyAck.SURVEY_ACK_CARD]: entry(surveyAck),
};

/** Adds a workflow's card to the catalog. */
export function registerCard<D extends object>(name: string, module: CardModule<D>): void {
  CARDS[name] = entry(module);
}

export const cardNames = (): string[] => Object.keys(CARDS);

/** Renders a catalog card as a fresh instance in a language (unsupported → English). */
export function renderCatalogCard(name: string, data: object, locale: string): AdaptiveCard {
  const card = CARDS[name];
  if (!card) throw new AppError(ErrorCode.Internal, `no card named ${name}`);
  return card.render(data, { locale, cardInstanceId: newCardInstanceId() });
}

export function allCardExamples(): { name: string; data: object }[] {
  return Object.entries(CARDS).flatMap(([name, m]) => m.examples.map((data) => ({ name, data })));
}
