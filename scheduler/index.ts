export { type Job, type Scheduler, startScheduler } from './scheduler.ts';
export { fireTimesBetween, listSchedules, saveSchedule, setEnabled } from './schedules.ts';
