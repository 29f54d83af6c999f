import type { Workflow } from '../../kernel/registry.ts';
import { helpWorkflow } from './help.ts';
import { languageWorkflow } from './language.ts';

/** The workflows every deployment has: help and language. Later workflows are appended. */
export const coreWorkflows = (): Workflow[] => [helpWorkflow, languageWorkflow];
