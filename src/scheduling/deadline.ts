/** A delivery that did not settle in time; retried like any transient failure. */
export class DeadlineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/**
 * `work`, or a DeadlineError once `ms` have passed. The scheduler skips ticks while a pass
 * runs, so one platform call that never returns would otherwise stop every channel's
 * digests; past the lease the claim is void anyway. The timer is real (an SDK call hangs in
 * real time) and unref'd, so it never keeps the process alive.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(message)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
