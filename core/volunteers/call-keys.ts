/**
 * The keys of a call's jobs and timers: one per intent, so a launch retried, a timer fired twice or a
 * job run twice owes each once. Here rather than in worker/ so core (the demo's seed, counts) writes
 * and reads the same ones.
 */
export const callFanoutKey = (callId: number) => `call-${callId}-fanout`;
export const callPostKey = (callId: number) => `call-${callId}-post`;
export const callProgressKey = (callId: number) => `call-${callId}-progress`;
export const callInviteKey = (callId: number, memberId: number) => `call-${callId}-invite-${memberId}`;
export const shiftReminderKey = (shiftId: number) => `shift-${shiftId}-reminder`;
export const shiftAwardsKey = (shiftId: number) => `shift-${shiftId}-awards`;
export const shiftAwardsNoticeKey = (shiftId: number, memberId: number) =>
  `shift-${shiftId}-awards-reviewer-${memberId}`;
export const shiftReminderNoticeKey = (shiftId: number, memberId: number) =>
  `shift-${shiftId}-reminder-member-${memberId}`;

/** Sign-ups within one bucket share one refresh of the call's messages. */
export const CALL_REFRESH_BUCKET_MS = 10_000;
export const callRefreshBucket = (at: Date) => Math.floor(at.getTime() / CALL_REFRESH_BUCKET_MS);
export const callRefreshKey = (callId: number, bucket: number) => `call-${callId}-refresh-${bucket}`;
export const callInviteRoundKey = (callId: number, round: number, after: number) =>
  `call-${callId}-round-${round}-after-${after}`;
export const callInviteEditKey = (callId: number, round: number, memberId: number) =>
  `call-${callId}-round-${round}-edit-${memberId}`;
