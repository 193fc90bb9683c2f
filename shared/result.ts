/** An expected outcome as a value: success with a value, or failure with a literal code. */
export type Result<T, E extends { code: string } = { code: string; message: string }> =
  { ok: true; value: T } | { ok: false; error: E };

/** A success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failure. */
export function err<E extends { code: string }>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
