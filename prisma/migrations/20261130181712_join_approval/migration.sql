-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MemberStatus" ADD VALUE 'AWAITING_HOUSEHOLD_CONFIRMATION';
ALTER TYPE "MemberStatus" ADD VALUE 'AWAITING_APPROVAL';

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "pendingHouseholdId" INTEGER;

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "joinApproval" BOOLEAN NOT NULL DEFAULT true;

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_pendingHouseholdId_fkey" FOREIGN KEY ("pendingHouseholdId") REFERENCES "Household"("id") ON DELETE NO ACTION ON UPDATE CASCADE;

-- A newcomer waits on a household's confirmation exactly while a household is named as pending, and
-- one awaiting approval has answered both questions. (The status is compared as text: PostgreSQL
-- refuses the enum values added above inside the transaction that adds them.)
ALTER TABLE "Member" ADD CONSTRAINT "Member_pending_household_iff_awaiting_confirmation"
  CHECK (("pendingHouseholdId" IS NOT NULL) = ("status"::text = 'AWAITING_HOUSEHOLD_CONFIRMATION'));
ALTER TABLE "Member" ADD CONSTRAINT "Member_awaiting_approval_is_onboarded"
  CHECK ("status"::text <> 'AWAITING_APPROVAL' OR ("realName" IS NOT NULL AND "householdId" IS NOT NULL));
