// Pulse surveys: the platform-neutral domain. Chat commands, cards and delivery call these.
export { canManageSurveys, type ResultScope, resultScope } from './access.ts';
export type { GroupLabel } from './cells.ts';
export { DEFAULT_ITEMS } from './default-items.ts';
export { csvField, exportResultsCsv } from './export-csv.ts';
export { createItem, listItems, seedItemBank, updateItem } from './item-bank.ts';
export type { ItemResult } from './item-stats.ts';
export {
  BREAKDOWNS,
  type BreakdownBy,
  type QuestionSpec,
  type SurveyDeps,
  surveyLocale,
} from './model.ts';
export { SurveyNotice } from './refusals.ts';
export { dueReminders, markReminded } from './reminders.ts';
export {
  type GroupResult,
  type PendingResults,
  type ResultsTarget,
  type ResultsView,
  type SurveyResults,
  surveyResults,
  surveyResultsView,
} from './results.ts';
export { closeDueRuns, closeRun, launchRun, type Recipient, type RunInfo } from './runs.ts';
export { submitResponse } from './submit.ts';
export { type CellNode, suppressCells } from './suppression.ts';
export { type CreateSurveyInput, createSurvey, getSurvey, listSurveys, type SurveySummary, surveyQuestions } from './surveys.ts';
export { rebuildTallies } from './tallies.ts';
