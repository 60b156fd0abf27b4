/**
 * Runs queued jobs at most `sliceSize` per turn of the event loop (one setImmediate each), in the
 * order queued, so that a burst of jobs queued at once lets I/O in between its slices instead of
 * holding the loop until the last one ran. A job that throws does not stop the ones after it.
 */
export function createSliceQueue(sliceSize: number): (job: () => void) => void {
  const jobs: (() => void)[] = [];
  let scheduled = false;
  const runSlice = () => {
    const slice = jobs.splice(0, sliceSize);
    scheduled = jobs.length > 0;
    if (scheduled) setImmediate(runSlice);
    for (const job of slice) {
      try {
        job();
      } catch {
        // A job's failure is its own (the caller's jobs handle their errors); the queue goes on.
      }
    }
  };
  return (job) => {
    jobs.push(job);
    if (!scheduled) {
      scheduled = true;
      setImmediate(runSlice);
    }
  };
}
