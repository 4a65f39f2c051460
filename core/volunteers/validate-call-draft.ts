import { DomainError } from '../errors.ts';
import { validateLongText, validateShortText } from '../text/validate-text.ts';
import { CALL_LIMITS, type CallDraft } from './volunteer-types.ts';

/** A shift with its place trimmed and its values checked: what createCall writes. */
export interface ValidShiftDraft {
  /** 1, 2, 3 … in the order the cadre gave them. */
  position: number;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  supervisorNumber: number | null;
}

/** A call with every default filled in and every value checked. */
export interface ValidCallDraft {
  title: string;
  description: string | null;
  shifts: ValidShiftDraft[];
  pointsPerHour: number;
  audience: CallDraft['audience'];
  signupClosesAt: Date;
  urgent: boolean;
  paidBroadcast: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const isIntegerIn = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

const isInstant = (value: Date) => value instanceof Date && !Number.isNaN(value.getTime());

/**
 * Pure: trims and checks what the cadre drafted, against `now`. Throws the DomainError the cadre can
 * act on (naming the shift); the database's CHECKs are the backstop. A shift starts in the future and
 * within CALL_LIMITS.startsWithinDays, lasts at most CALL_LIMITS.shiftMaxHours; sign-ups close (by
 * default at the first shift's start) after now and no later than the first start; a paid broadcast
 * is for urgent calls only (whether the village allows one is createCall's to check).
 */
export function validateCallDraft(draft: CallDraft, now: Date): ValidCallDraft {
  const title = validateShortText(draft.title, { max: CALL_LIMITS.titleMax, error: 'call-title-invalid' });
  const description =
    draft.description == null || draft.description.trim() === ''
      ? null
      : validateLongText(draft.description, {
          max: CALL_LIMITS.descriptionMax,
          error: 'call-description-invalid',
        });

  if (draft.shifts.length === 0) throw new DomainError('call-shift-invalid', { position: 1 });
  if (draft.shifts.length > CALL_LIMITS.shiftsMax)
    throw new DomainError('call-shifts-too-many', { max: CALL_LIMITS.shiftsMax });

  const latestStart = now.getTime() + CALL_LIMITS.startsWithinDays * DAY_MS;
  const shifts = draft.shifts.map((shift, i): ValidShiftDraft => {
    const position = i + 1;
    const place = validateShortText(shift.place ?? '', {
      max: CALL_LIMITS.placeMax,
      error: 'call-shift-invalid',
    });
    if (!isInstant(shift.startsAt) || !isInstant(shift.endsAt))
      throw new DomainError('call-shift-time-invalid', { position });
    const starts = shift.startsAt.getTime();
    const ends = shift.endsAt.getTime();
    if (
      ends <= starts ||
      ends - starts > CALL_LIMITS.shiftMaxHours * HOUR_MS ||
      starts <= now.getTime() ||
      starts > latestStart
    )
      throw new DomainError('call-shift-time-invalid', { position });
    if (!isIntegerIn(shift.capacity, 1, CALL_LIMITS.capacityMax))
      throw new DomainError('call-shift-capacity-invalid', { position, max: CALL_LIMITS.capacityMax });
    const supervisor = shift.supervisorNumber;
    if (supervisor !== undefined && !isIntegerIn(supervisor, 1, 2_147_483_647))
      throw new DomainError('call-supervisor-not-cadre', { number: String(supervisor) });
    return {
      position,
      place,
      startsAt: new Date(starts),
      endsAt: new Date(ends),
      capacity: shift.capacity,
      supervisorNumber: supervisor ?? null,
    };
  });

  if (!isIntegerIn(draft.pointsPerHour, 0, CALL_LIMITS.pointsPerHourMax))
    throw new DomainError('call-points-invalid', { max: CALL_LIMITS.pointsPerHourMax });

  const firstStart = Math.min(...shifts.map((shift) => shift.startsAt.getTime()));
  const signupClosesAt = draft.signupClosesAt ?? new Date(firstStart);
  if (
    !isInstant(signupClosesAt) ||
    signupClosesAt.getTime() <= now.getTime() ||
    signupClosesAt.getTime() > firstStart
  )
    throw new DomainError('call-signup-close-invalid');

  if (draft.paidBroadcast && !draft.urgent) throw new DomainError('call-paid-not-enabled');

  return {
    title,
    description,
    shifts,
    pointsPerHour: draft.pointsPerHour,
    audience: draft.audience,
    signupClosesAt: new Date(signupClosesAt.getTime()),
    urgent: draft.urgent,
    paidBroadcast: draft.paidBroadcast,
  };
}
