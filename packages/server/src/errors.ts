/**
 * Every error a user can see, each with a stable code and the HTTP status it is answered with.
 * The HTTP error handler maps these; anything else is a bug and answers 500 without internals.
 * Messages name the field or setting at fault and what to do, since they end up in a Grafana
 * panel in front of someone who cannot read our logs.
 */
export class SchedulerError extends Error {
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SchedulerError';
  }
}

/** The request itself is wrong: a field, an argument, a label. */
export class BadRequestError extends SchedulerError {
  constructor(message: string) {
    super('BAD_REQUEST', 400, message);
  }
}

export class UnauthorizedError extends SchedulerError {
  constructor(message: string) {
    super('UNAUTHORIZED', 401, message);
  }
}

export class ForbiddenError extends SchedulerError {
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}

export class NotFoundError extends SchedulerError {
  constructor(message: string) {
    super('NOT_FOUND', 404, message);
  }
}

/** A label already names a different request. */
export class ConflictError extends SchedulerError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

export class QueueFullError extends SchedulerError {
  constructor(message: string) {
    super('QUEUE_FULL', 429, message);
  }
}

/**
 * The job ran and failed, timed out or was cancelled. 422 rather than 5xx: the server works,
 * the job did not, and Grafana shows the message in the panel either way.
 */
export class JobFailedError extends SchedulerError {
  constructor(message: string) {
    super('JOB_FAILED', 422, message);
  }
}

/** A run outlived `runTimeoutSec`: answered before Grafana's data proxy gives up on us. */
export class RunTimeoutError extends SchedulerError {
  constructor(message: string) {
    super('RUN_TIMEOUT', 504, message);
  }
}

/** The result store cannot be reached or refused an operation. */
export class StoreUnavailableError extends SchedulerError {
  constructor(message: string, cause?: unknown) {
    super('STORE_UNAVAILABLE', 503, message, { cause });
  }
}

/** Turns anything thrown into an Error, once, so callers can rely on `.message`. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown));
}
