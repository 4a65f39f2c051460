import type { CallAudience } from '../../prisma/generated/enums.ts';

/**
 * The shapes the volunteers module passes between its parts: the launch (`create-call.ts`), the
 * sign-ups (`join-shift.ts`, `cancel-sign-up.ts` …), the worker's fan-out and the bot.
 * Calls travel by their village-local number, shifts by their position in the call (1, 2, 3 …).
 */

/** Limits a draft is checked against (core/volunteers/validate-call-draft.ts) and the conversation offers. */
export const CALL_LIMITS = {
  titleMax: 100,
  descriptionMax: 1000,
  placeMax: 60,
  shiftsMax: 10,
  capacityMax: 1000,
  pointsPerHourMax: 100,
  /** A shift lasts at most this long. */
  shiftMaxHours: 24,
  /** A shift starts at most this far ahead. */
  startsWithinDays: 60,
} as const;

/** How long before its start a sign-up may still be cancelled (the waiting list needs time to move up). */
export const CANCEL_CUTOFF_MINUTES = 60;
/** Check-in opens this long before the start and closes at the end; check-out closes this long after the end. */
export const CHECK_IN_OPENS_MINUTES = 30;
export const CHECK_OUT_CLOSES_MINUTES = 60;
/** The supervisor scores and marks no-shows until this long after the end; then the awards are proposed. */
export const SCORING_WINDOW_MINUTES = 120;

/** One shift as a cadre drafts it. Times are instants (the village's time zone already applied). */
export interface ShiftDraft {
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** The supervising cadre's member number; omitted: the call's creator. */
  supervisorNumber?: number | undefined;
}

/** A whole call as /recruit (conversation or quick form) hands it to `createCall`. */
export interface CallDraft {
  title: string;
  description?: string | undefined;
  shifts: ShiftDraft[];
  pointsPerHour: number;
  audience: CallAudience;
  /** Omitted: the start of the first shift. */
  signupClosesAt?: Date | undefined;
  urgent: boolean;
  /** Only for an urgent call in a village with paid broadcasts enabled and budget left. */
  paidBroadcast: boolean;
}

/** A shift as messages show it. */
export interface ShiftSummary {
  villageId: number;
  callId: number;
  callNumber: number;
  title: string;
  shiftId: number;
  position: number;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  taken: number;
}

/** What a tap on a shift's join button (or /join_shift, or a reply) did. */
export type JoinOutcome =
  /** A seat; `filled` when this join took the last one (the call's messages change). */
  | { kind: 'confirmed'; shift: ShiftSummary; filled: boolean }
  /** The shift is full: on its waiting list, `place` counting from 1 (those still waiting ahead + 1). */
  | { kind: 'waitlisted'; shift: ShiftSummary; place: number }
  /** Pressed again: nothing changed. */
  | { kind: 'already-confirmed'; shift: ShiftSummary }
  | { kind: 'already-waitlisted'; shift: ShiftSummary; place: number };

/** What a cancellation did: whom the freed seat went to (they are told), and whether a full shift reopened. */
export interface CancelOutcome {
  shift: ShiftSummary;
  was: 'CONFIRMED' | 'WAITLISTED';
  promoted: { memberId: number } | null;
  /** The shift was full before and has a free seat now (no one was waiting). */
  reopened: boolean;
}
