-- AlterEnum
ALTER TYPE "AwardStatus" ADD VALUE 'APPLIED';

-- AlterTable
ALTER TABLE "PointAward" ADD COLUMN     "appliedAt" TIMESTAMP(3),
ADD COLUMN     "finalAt" TIMESTAMP(3),
ADD COLUMN     "reviewNote" TEXT;

-- Nobody reviews their own proposal.
ALTER TABLE "PointAward" ADD CONSTRAINT "PointAward_not_self_reviewed"
  CHECK ("reviewedById" IS NULL OR "proposedById" IS NULL OR "reviewedById" <> "proposedById");
-- An approved award knows when it becomes final; an applied one, when it was applied. (Compared as
-- text: PostgreSQL refuses an enum value in the transaction that adds it.)
ALTER TABLE "PointAward" ADD CONSTRAINT "PointAward_approved_has_final_time"
  CHECK ("status"::text NOT IN ('APPROVED', 'APPEALED', 'APPLIED') OR "finalAt" IS NOT NULL);
ALTER TABLE "PointAward" ADD CONSTRAINT "PointAward_applied_has_time"
  CHECK (("status"::text = 'APPLIED') = ("appliedAt" IS NOT NULL));
