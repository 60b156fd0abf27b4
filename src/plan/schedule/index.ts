export { compileSchedule } from './compile-schedule.js';
