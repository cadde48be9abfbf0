/** Why a model call failed; stable strings that cross the worker boundary. */
export type MlErrorCode =
  | 'bad-input'
  | 'unknown-model'
  | 'missing-file'
  | 'integrity'
  | 'load-failed'
  | 'cancelled'
  | 'timeout'
  | 'crashed'
  | 'not-initialised'
  | 'internal';

/** An error of the model layer, with a code the UI and the ranking fallback can branch on. */
export class MlError extends Error {
  override readonly name = 'MlError';
  constructor(
    readonly code: MlErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Wraps anything thrown into an MlError, keeping an existing code. */
export function toMlError(error: unknown, fallback: MlErrorCode = 'internal'): MlError {
  if (error instanceof MlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MlError(fallback, message);
}
