// Pulse surveys: the platform-neutral domain. Chat commands, cards and delivery call these.
export { canManageSurveys, resultScope, primaryRole, type ResultScope, type ScopeFilter, type ScopedPerson } from './access.ts';
export { seedItemBank, listItems, createItem, updateItem, type BankItem } from './item-bank.ts';
export { DEFAULT_ITEMS } from './default-items.ts';
export { createSurvey, getSurvey, listSurveys, archiveSurvey, surveyQuestions, type CreateSurveyInput, type SurveySummary } from './surveys.ts';
export { launchRun, closeRun, closeDueRuns, getRun, runState, type RunInfo, type Recipient } from './runs.ts';
export { submitResponse, type SubmitInput, type SubmitOutcome } from './submit.ts';
export { dueReminders, markReminded, type DueReminder } from './reminders.ts';
export { surveyResults, surveyResultsView, isPending, type PendingResults, type ResultsView, type SurveyResults, type GroupResult, type TrendPoint, type CommentsResult, type ResultsTarget, type ResultsOptions } from './results.ts';
export { exportResultsCsv, csvField } from './export-csv.ts';
export { suppressCells, type CellNode } from './suppression.ts';
export { rebuildTallies } from './tallies.ts';
export type { ItemResult, ItemStats } from './item-stats.ts';
export type { GroupLabel } from './cells.ts';
export { SurveyNotice } from './refusals.ts';
export {
  BREAKDOWNS, DEFAULTS, LIMITS, LIKERT_LABELS, ITEM_KINDS, surveyLocale,
  type BreakdownBy, type ItemKind, type QuestionSpec, type SurveyDeps, type SurveyLocale, type Audience,
} from './model.ts';
