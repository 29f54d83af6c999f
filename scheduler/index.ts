export { saveSchedule, listSchedules, setEnabled, fireTimesBetween } from './schedules.ts';
export { startScheduler, type Job, type Scheduler } from './scheduler.ts';
