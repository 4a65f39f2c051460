-- CreateEnum
CREATE TYPE "CallAudience" AS ENUM ('MEMBERS', 'VOLUNTEERS');

-- CreateEnum
CREATE TYPE "CallPreference" AS ENUM ('ON', 'VOLUNTEER', 'OFF');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('OPEN', 'UPHELD', 'DISMISSED');

-- DropForeignKey
ALTER TABLE "Attendance" DROP CONSTRAINT "Attendance_signUpId_fkey";

-- DropForeignKey
ALTER TABLE "Attendance" DROP CONSTRAINT "Attendance_supervisorId_fkey";

-- DropForeignKey
ALTER TABLE "SignUp" DROP CONSTRAINT "SignUp_memberId_fkey";

-- DropForeignKey
ALTER TABLE "SignUp" DROP CONSTRAINT "SignUp_shiftId_fkey";

-- DropForeignKey
ALTER TABLE "VolunteerCall" DROP CONSTRAINT "VolunteerCall_createdById_fkey";

-- DropForeignKey
ALTER TABLE "VolunteerShift" DROP CONSTRAINT "VolunteerShift_callId_fkey";

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "callPreference" "CallPreference" NOT NULL DEFAULT 'ON';

-- AlterTable
ALTER TABLE "SignUp" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "checkInAt" TIMESTAMP(3),
ADD COLUMN     "checkOutAt" TIMESTAMP(3),
ADD COLUMN     "checkedById" INTEGER,
ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "endsAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "noShow" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "score" INTEGER,
ADD COLUMN     "scoredById" INTEGER,
ADD COLUMN     "startsAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "villageId" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "noShowPoints" INTEGER NOT NULL DEFAULT -5,
ADD COLUMN     "paidBroadcastBudgetStars" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "paidBroadcastEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paidBroadcastSpentTenths" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "quietHoursEnd" INTEGER,
ADD COLUMN     "quietHoursStart" INTEGER,
ADD COLUMN     "shiftReminderMinutes" INTEGER NOT NULL DEFAULT 60;

-- AlterTable
ALTER TABLE "VolunteerCall" ADD COLUMN     "audience" "CallAudience" NOT NULL DEFAULT 'MEMBERS',
ADD COLUMN     "fanoutAt" TIMESTAMP(3),
ADD COLUMN     "groupMessageId" INTEGER,
ADD COLUMN     "paidBroadcast" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "paidCostTenths" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pointsPerHour" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "progressChatId" BIGINT,
ADD COLUMN     "progressMessageId" INTEGER,
ADD COLUMN     "recipients" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "signupClosesAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "VolunteerShift" ADD COLUMN     "awardsProposedAt" TIMESTAMP(3),
ADD COLUMN     "filledAt" TIMESTAMP(3),
ADD COLUMN     "nextWaitlistPosition" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "place" TEXT NOT NULL,
ADD COLUMN     "position" INTEGER NOT NULL,
ADD COLUMN     "supervisorId" INTEGER,
ADD COLUMN     "villageId" INTEGER NOT NULL;

-- DropTable
DROP TABLE "Attendance";

-- CreateTable
CREATE TABLE "VolunteerCallInvite" (
    "callId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "chatId" BIGINT NOT NULL,
    "status" "OutboundStatus" NOT NULL DEFAULT 'PENDING',
    "messageId" INTEGER,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "VolunteerCallInvite_pkey" PRIMARY KEY ("callId","memberId")
);

-- CreateTable
CREATE TABLE "ShiftRating" (
    "shiftId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "stars" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShiftRating_pkey" PRIMARY KEY ("shiftId","memberId")
);

-- CreateTable
CREATE TABLE "ShiftReport" (
    "id" SERIAL NOT NULL,
    "villageId" INTEGER NOT NULL,
    "shiftId" INTEGER NOT NULL,
    "reporterId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'OPEN',
    "deduction" INTEGER,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ShiftReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VolunteerCallInvite_callId_status_idx" ON "VolunteerCallInvite"("callId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerCallInvite_chatId_messageId_key" ON "VolunteerCallInvite"("chatId", "messageId");

-- CreateIndex
CREATE INDEX "ShiftReport_shiftId_status_idx" ON "ShiftReport"("shiftId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ShiftReport_villageId_id_key" ON "ShiftReport"("villageId", "id");

-- CreateIndex
CREATE INDEX "SignUp_memberId_status_idx" ON "SignUp"("memberId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SignUp_shiftId_waitlistPosition_key" ON "SignUp"("shiftId", "waitlistPosition");

-- CreateIndex
CREATE UNIQUE INDEX "SignUp_villageId_id_key" ON "SignUp"("villageId", "id");

-- CreateIndex
CREATE INDEX "VolunteerCall_status_signupClosesAt_idx" ON "VolunteerCall"("status", "signupClosesAt");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerCall_villageId_id_key" ON "VolunteerCall"("villageId", "id");

-- CreateIndex
CREATE INDEX "VolunteerShift_startsAt_idx" ON "VolunteerShift"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerShift_callId_position_key" ON "VolunteerShift"("callId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "VolunteerShift_villageId_id_key" ON "VolunteerShift"("villageId", "id");

-- AddForeignKey
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_villageId_createdById_fkey" FOREIGN KEY ("villageId", "createdById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_villageId_callId_fkey" FOREIGN KEY ("villageId", "callId") REFERENCES "VolunteerCall"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_villageId_supervisorId_fkey" FOREIGN KEY ("villageId", "supervisorId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_villageId_shiftId_fkey" FOREIGN KEY ("villageId", "shiftId") REFERENCES "VolunteerShift"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_villageId_checkedById_fkey" FOREIGN KEY ("villageId", "checkedById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_villageId_scoredById_fkey" FOREIGN KEY ("villageId", "scoredById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerCallInvite" ADD CONSTRAINT "VolunteerCallInvite_villageId_callId_fkey" FOREIGN KEY ("villageId", "callId") REFERENCES "VolunteerCall"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VolunteerCallInvite" ADD CONSTRAINT "VolunteerCallInvite_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRating" ADD CONSTRAINT "ShiftRating_villageId_shiftId_fkey" FOREIGN KEY ("villageId", "shiftId") REFERENCES "VolunteerShift"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftRating" ADD CONSTRAINT "ShiftRating_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_villageId_shiftId_fkey" FOREIGN KEY ("villageId", "shiftId") REFERENCES "VolunteerShift"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_villageId_reporterId_fkey" FOREIGN KEY ("villageId", "reporterId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_villageId_decidedById_fkey" FOREIGN KEY ("villageId", "decidedById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the rules the schema carries (Volunteers).
ALTER TABLE "Village" ADD CONSTRAINT "Village_quiet_hours"
  CHECK ((("quietHoursStart" IS NULL) = ("quietHoursEnd" IS NULL))
     AND ("quietHoursStart" IS NULL OR ("quietHoursStart" BETWEEN 0 AND 1439 AND "quietHoursEnd" BETWEEN 0 AND 1439 AND "quietHoursStart" <> "quietHoursEnd")));
ALTER TABLE "Village" ADD CONSTRAINT "Village_shift_reminder_minutes" CHECK ("shiftReminderMinutes" BETWEEN 0 AND 2880);
ALTER TABLE "Village" ADD CONSTRAINT "Village_no_show_points" CHECK ("noShowPoints" BETWEEN -100 AND 0);
-- The per-village Stars budget for paid broadcasts is never exceeded: a launch reserves its cost with a conditional update.
ALTER TABLE "Village" ADD CONSTRAINT "Village_paid_broadcast_within_budget"
  CHECK ("paidBroadcastBudgetStars" >= 0 AND "paidBroadcastSpentTenths" >= 0 AND "paidBroadcastSpentTenths" <= "paidBroadcastBudgetStars" * 10);

ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_number_positive" CHECK ("number" >= 1);
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_title_length" CHECK (char_length("title") BETWEEN 1 AND 100);
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_description_length"
  CHECK ("description" IS NULL OR char_length("description") BETWEEN 1 AND 1000);
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_points_per_hour" CHECK ("pointsPerHour" BETWEEN 0 AND 100);
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_recipients" CHECK ("recipients" >= 0);
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_paid_only_when_urgent"
  CHECK (NOT "paidBroadcast" OR "urgent");
ALTER TABLE "VolunteerCall" ADD CONSTRAINT "VolunteerCall_paid_cost"
  CHECK ("paidCostTenths" >= 0 AND ("paidBroadcast" OR "paidCostTenths" = 0));

ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_position_positive" CHECK ("position" >= 1);
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_place_length" CHECK (char_length("place") BETWEEN 1 AND 60);
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_ends_after_start" CHECK ("endsAt" > "startsAt");
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_capacity" CHECK ("capacity" BETWEEN 1 AND 1000);
-- Seats taken never exceed capacity, whatever the concurrency: joins take a seat with UPDATE … WHERE taken < capacity.
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_taken_within_capacity" CHECK ("taken" BETWEEN 0 AND "capacity");
ALTER TABLE "VolunteerShift" ADD CONSTRAINT "VolunteerShift_waitlist_counter" CHECK ("nextWaitlistPosition" >= 1);

ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_waitlist_position_when_waiting"
  CHECK (("status"::text = 'WAITLISTED') = ("waitlistPosition" IS NOT NULL));
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_waitlist_position_positive" CHECK ("waitlistPosition" IS NULL OR "waitlistPosition" >= 1);
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_ends_after_start" CHECK ("endsAt" > "startsAt");
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_score_range" CHECK ("score" IS NULL OR "score" BETWEEN 1 AND 5);
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_check_out_after_in"
  CHECK ("checkOutAt" IS NULL OR ("checkInAt" IS NOT NULL AND "checkOutAt" >= "checkInAt"));
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_no_show_not_checked_in" CHECK (NOT "noShow" OR "checkInAt" IS NULL);
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_attendance_only_when_confirmed"
  CHECK ("status"::text = 'CONFIRMED' OR ("checkInAt" IS NULL AND "score" IS NULL AND NOT "noShow"));
-- A member cannot hold two overlapping shifts: ranges, not btree_gist, so no extension is needed.
ALTER TABLE "SignUp" ADD CONSTRAINT "SignUp_no_overlapping_confirmed_shifts"
  EXCLUDE USING gist (int4range("memberId", "memberId", '[]') WITH &&, tsrange("startsAt", "endsAt") WITH &&)
  WHERE ("status" = 'CONFIRMED');

ALTER TABLE "VolunteerCallInvite" ADD CONSTRAINT "VolunteerCallInvite_sent_has_message"
  CHECK (("status"::text = 'SENT') = ("messageId" IS NOT NULL));

ALTER TABLE "ShiftRating" ADD CONSTRAINT "ShiftRating_stars" CHECK ("stars" BETWEEN 1 AND 5);

ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_reason_length" CHECK (char_length("reason") BETWEEN 1 AND 200);
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_not_about_oneself" CHECK ("reporterId" <> "memberId");
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_decided"
  CHECK (("status"::text = 'OPEN') = ("decidedById" IS NULL AND "decidedAt" IS NULL));
ALTER TABLE "ShiftReport" ADD CONSTRAINT "ShiftReport_deduction_when_upheld"
  CHECK (("status"::text = 'UPHELD') = ("deduction" IS NOT NULL) AND ("deduction" IS NULL OR "deduction" BETWEEN -100 AND -1));
