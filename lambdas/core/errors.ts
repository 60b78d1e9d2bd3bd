/**
 * Errors the core throws. Each carries the HTTP status a client should see and a stable problem
 * type; anything that is not a LifeboatError is an internal fault and is never shown to a client.
 */
export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `components.api` or `impact`. */
  field: string;
  message: string;
}

export abstract class LifeboatError extends Error {
  abstract readonly status: number;
  /** Short slug, used in the problem type URI `urn:lifeboat:problem:<type>`. */
  abstract readonly type: string;
  readonly errors: FieldProblem[];

  constructor(message: string, options: { errors?: FieldProblem[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.errors = options.errors ?? [];
  }
}

export class ValidationError extends LifeboatError {
  readonly status = 400;
  readonly type = 'invalid-request';
}

export class MalformedJsonError extends LifeboatError {
  readonly status = 400;
  readonly type = 'malformed-json';
}

/** A body the route cannot read as sent: JSON sent without `Content-Type: application/json`. */
export class UnsupportedMediaTypeError extends LifeboatError {
  readonly status = 415;
  readonly type = 'unsupported-media-type';
}

export class AuthenticationError extends LifeboatError {
  readonly status = 401;
  readonly type = 'unauthenticated';
}

export class ForbiddenError extends LifeboatError {
  readonly status = 403;
  readonly type = 'forbidden';
}

export class NotFoundError extends LifeboatError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class MethodNotAllowedError extends LifeboatError {
  readonly status = 405;
  readonly type = 'method-not-allowed';
}

export class PayloadTooLargeError extends LifeboatError {
  readonly status = 413;
  readonly type = 'payload-too-large';
}

export class TooManyRequestsError extends LifeboatError {
  readonly status = 429;
  readonly type = 'too-many-requests';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class ForbiddenTransitionError extends LifeboatError {
  readonly status = 409;
  readonly type = 'forbidden-transition';
}

/** A postmortem asked for while the incident is still going on. */
export class IncidentNotResolvedError extends LifeboatError {
  readonly status = 409;
  readonly type = 'incident-not-resolved';
}

/** Optimistic concurrency gave up after its retries: the client may simply try again. */
export class ConcurrentModificationError extends LifeboatError {
  readonly status = 409;
  readonly type = 'concurrent-modification';
}

export class UnknownComponentError extends LifeboatError {
  readonly status = 422;
  readonly type = 'unknown-component';
}

/** The same Idempotency-Key came back with a different request. */
export class IdempotencyKeyReuseError extends LifeboatError {
  readonly status = 422;
  readonly type = 'idempotency-key-reused';
}

/** Thrown by a store when a conditional write finds another writer got there first. */
export class VersionConflictError extends Error {
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} was changed by another writer`, options);
    this.name = 'VersionConflictError';
  }
}

/**
 * A provider (SES, SNS, X, ...) could not take a message now but may later: it throttled, failed
 * on its side, or could not be reached. Adapters translate their SDK's errors into this, so the
 * response plan retries with backoff without knowing any provider's error names; `throttled`
 * (a refusal for rate, not a failure) is counted apart.
 */
export class ProviderUnavailableError extends Error {
  readonly throttled: boolean;
  /** How long the provider asked to be left alone (HTTP Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { throttled: boolean; cause?: unknown; retryAfterMs?: number | undefined }) {
    super(message, { cause: options.cause });
    this.name = 'ProviderUnavailableError';
    this.throttled = options.throttled;
    this.retryAfterMs = options.retryAfterMs;
  }
}
