// Where the selection-process training rule reads completion from: the required-training
// workflow's completions (workflows/training/domain/records.ts), valid (not expired) at the
// moment the rule is evaluated. A course key no course has gives an empty set, so the rule
// fails naming the members who have not completed it (never passes silently).
import type { Clock } from '../../../core/clock.ts';
import type { Db } from '../../../core/db.ts';
import { completedCourse } from '../../training/domain/records.ts';

export interface TrainingRecords {
  /** The people among `personIds` who completed the course, or undefined when no records exist. */
  completed(courseKey: string, personIds: readonly string[]): Promise<Set<string>> | undefined;
}

export function productionTrainingRecords(db: Db, clock: Pick<Clock, 'now'>): TrainingRecords {
  return { completed: (courseKey, personIds) => completedCourse(db, courseKey, personIds, clock.now()) };
}
