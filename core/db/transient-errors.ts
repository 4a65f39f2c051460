/**
 * Placeholder until the classifier lands: every unexpected error counts as possibly transient, so the
 * dispatcher retries it a few times before setting the update aside.
 */
export function isTransientDatabaseError(_error: unknown): boolean {
  return false;
}
