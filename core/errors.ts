/**
 * A refusal the user should understand: the code maps to a locale key (`error-<code>`),
 * params fill its placeholders. Anything else thrown is a bug and is logged, never shown.
 */
export type DomainErrorCode =
  | 'not-admin'
  | 'not-member'
  | 'village-not-yours'
  | 'forbidden'
  | 'village-name-invalid'
  | 'invite-code-unknown'
  | 'already-member'
  | 'member-not-found'
  | 'role-unknown'
  | 'role-already-granted'
  | 'role-not-granted'
  | 'last-secretary'
  | 'role-villager-fixed'
  | 'name-invalid'
  | 'household-invalid'
  | 'text-too-long'
  | 'not-onboarded'
  | 'join-awaiting-approval'
  | 'join-awaiting-household'
  | 'join-request-not-found'
  | 'join-already-decided'
  | 'join-request-closed'
  | 'household-not-yours'
  | 'talk-not-found'
  | 'talk-illegal-transition'
  | 'talk-empty'
  | 'talk-already-rated'
  | 'talk-not-done-yet'
  | 'talk-hidden'
  | 'talk-not-hidden'
  | 'talk-not-raiser'
  | 'talk-not-assignee'
  | 'talk-due-invalid'
  | 'talk-merge-self'
  | 'talk-reason-required'
  | 'talk-stars-invalid'
  | 'talk-not-suggestion'
  | 'comment-not-found'
  | 'member-not-cadre'
  | 'talk-assign-cadre-unreadable'
  | 'award-not-found'
  | 'award-self-review'
  | 'award-already-reviewed'
  | 'award-reason-required'
  | 'point-rule-usage'
  | 'point-rule-code-invalid'
  | 'point-rule-points-invalid'
  | 'point-rule-cap-invalid'
  | 'point-rule-description-invalid'
  | 'point-rule-exists'
  | 'point-rule-code-retired'
  | 'point-rule-not-found'
  | 'point-rule-retired'
  | 'point-rule-unchanged'
  | 'point-rule-changed-meanwhile'
  | 'award-usage'
  | 'award-member-not-found'
  | 'award-daily-cap'
  | 'award-yearly-cap'
  | 'appeal-not-yours'
  | 'appeal-not-approved'
  | 'appeal-window-closed'
  | 'appeal-already-made'
  | 'appeal-reason-required'
  | 'appeal-not-found'
  | 'appeal-already-decided'
  | 'appeal-own-award'
  | 'appeal-decision-reason-required'
  | 'points-top-usage';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
