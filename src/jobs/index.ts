/** The one job queue (pg-boss in PostgreSQL) and this process's workers; docs/adr/0001-job-queue.md. */
export { JobQueue, type JobHandler, type JobInfo, type QueueOptions, type QueuePolicy } from './queue.js';
export { startWorkers, type RunningWorkers, type WorkerOptions } from './workers.js';
export { registerWorkerCommands } from './cli.js';
