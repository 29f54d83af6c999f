// Where the selection-process training rule reads completion from. The one place to wire the
// required-training workflow in (its `completedCourse` in workflows/training/domain/records.ts):
// until then the records are not available, and the rule fails saying so (never passes silently).
import type { Db } from '../../../core/db.ts';

export interface TrainingRecords {
  /** The people among `personIds` who completed the course, or undefined when no records exist. */
  completed(courseKey: string, personIds: readonly string[]): Promise<Set<string>> | undefined;
}

export function productionTrainingRecords(_db: Db): TrainingRecords {
  return { completed: () => undefined };
}
