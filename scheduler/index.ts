export { saveSchedule, listSchedules, setEnabled, checkCron, isTimeZone, fireTimesBetween, DEFAULT_TIME_ZONE, type ScheduleInput } from './schedules.ts';
export { startScheduler, type Job, type Scheduler, type SchedulerOptions } from './scheduler.ts';
