import type { PrismaClient } from '../../core/db/client.ts';

export interface TestShift {
  place?: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  supervisorId?: number | null;
}

export interface TestCall {
  callId: number;
  number: number;
  /** The shifts' ids, by position (1, 2, …) in the order given. */
  shiftIds: number[];
}

/**
 * A volunteer call with its shifts, inserted directly (the launch is another use case): the call
 * takes the village's next call number, its shifts positions 1, 2, … and the composite keys their
 * village. Times are instants; pass them relative to the clock (`minutesFromNow`) so the windows
 * the sign-up use cases check by the database's clock hold.
 */
export async function createTestCall(
  prisma: PrismaClient,
  input: {
    villageId: number;
    createdById: number;
    title?: string;
    pointsPerHour?: number;
    status?: 'OPEN' | 'CLOSED' | 'CANCELLED';
    /** Omitted: the start of the first shift. */
    signupClosesAt?: Date;
    shifts: readonly TestShift[];
  },
): Promise<TestCall> {
  const first = input.shifts[0];
  if (!first) throw new Error('a call needs a shift');
  const village = await prisma.village.update({
    where: { id: input.villageId },
    data: { nextCallNumber: { increment: 1 } },
    select: { nextCallNumber: true },
  });
  const number = village.nextCallNumber - 1;
  const call = await prisma.volunteerCall.create({
    data: {
      villageId: input.villageId,
      number,
      title: input.title ?? `清扫村道 ${number}`,
      pointsPerHour: input.pointsPerHour ?? 10,
      status: input.status ?? 'OPEN',
      signupClosesAt: input.signupClosesAt ?? first.startsAt,
      createdById: input.createdById,
    },
    select: { id: true },
  });
  await prisma.volunteerShift.createMany({
    data: input.shifts.map((shift, index) => ({
      villageId: input.villageId,
      callId: call.id,
      position: index + 1,
      place: shift.place ?? `${index + 1}号路口`,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      capacity: shift.capacity,
      supervisorId: shift.supervisorId ?? null,
    })),
  });
  const shifts = await prisma.volunteerShift.findMany({
    where: { callId: call.id },
    select: { id: true },
    orderBy: { position: 'asc' },
  });
  return { callId: call.id, number, shiftIds: shifts.map((shift) => shift.id) };
}

/** An instant this many minutes from now (negative: ago), by this machine's clock, which the database shares. */
export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);
