import { DomainError } from '../../core/errors.ts';

/** The DomainError code a use case refused with, or 'ok' when it went through. */
export async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'ok';
}
