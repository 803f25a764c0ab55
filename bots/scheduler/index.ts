export { JobStore, type DueEntry, type ScheduleRequest } from './jobStore';
export { DEFAULT_SCHEDULER_TUNING, Scheduler, type JobScheduling, type JobOutcome, type SchedulerMetrics, type SchedulerTuning } from './scheduler';
export { PermanentJobError, type Job, type JobDecision, type JobHandler, type JobPayload, type JobRun, type JobStatus } from './jobs';
