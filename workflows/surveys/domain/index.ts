// Pulse surveys: the platform-neutral domain. Chat commands, cards and delivery call these.
export { canManageSurveys, resultScope, type ResultScope } from './access.ts';
export { seedItemBank, listItems, createItem, updateItem } from './item-bank.ts';
export { DEFAULT_ITEMS } from './default-items.ts';
export { createSurvey, getSurvey, listSurveys, surveyQuestions, type CreateSurveyInput, type SurveySummary } from './surveys.ts';
export { launchRun, closeRun, closeDueRuns, type RunInfo, type Recipient } from './runs.ts';
export { submitResponse } from './submit.ts';
export { dueReminders, markReminded } from './reminders.ts';
export {
  surveyResults,
  surveyResultsView,
  type PendingResults,
  type ResultsView,
  type SurveyResults,
  type GroupResult,
  type ResultsTarget,
} from './results.ts';
export { exportResultsCsv, csvField } from './export-csv.ts';
export { suppressCells, type CellNode } from './suppression.ts';
export { rebuildTallies } from './tallies.ts';
export type { ItemResult } from './item-stats.ts';
export type { GroupLabel } from './cells.ts';
export { SurveyNotice } from './refusals.ts';
export {
  BREAKDOWNS,
  surveyLocale,
  type BreakdownBy,
  type QuestionSpec,
  type SurveyDeps,
} from './model.ts';
