// Every workflow the product runs, in the order help lists their commands. Adding a workflow
// is one folder under workflows/ and one line here (see workflows/README.md).
import type { WorkflowModule } from '../kernel/module.ts';
import { help } from './help/index.ts';
import { hiring } from './hiring/index.ts';
import { language } from './language/index.ts';
import { people } from './people/index.ts';
import { stories } from './stories/index.ts';
import { surveys } from './surveys/index.ts';
import { training } from './training/index.ts';

export const WORKFLOWS: readonly WorkflowModule[] = [help, language, surveys, training, hiring, stories, people];
