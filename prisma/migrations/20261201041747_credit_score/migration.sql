-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "creditLineTopPercent" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "loanCapHundredths" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "loanStepHundredths" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "loanStepPoints" INTEGER NOT NULL DEFAULT 100;

-- CreateTable
CREATE TABLE "NegativeListEntry" (
    "id" SERIAL NOT NULL,
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "addedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedById" INTEGER,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "NegativeListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NegativeListEntry_villageId_memberId_idx" ON "NegativeListEntry"("villageId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "NegativeListEntry_villageId_id_key" ON "NegativeListEntry"("villageId", "id");

-- AddForeignKey
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Village"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_villageId_addedById_fkey" FOREIGN KEY ("villageId", "addedById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_villageId_removedById_fkey" FOREIGN KEY ("villageId", "removedById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Written by hand: the rules the schema carries.
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_reason_length" CHECK (char_length("reason") BETWEEN 1 AND 200);
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_points_range" CHECK ("points" BETWEEN 1 AND 1000);
ALTER TABLE "NegativeListEntry" ADD CONSTRAINT "NegativeListEntry_removed_together"
  CHECK (("removedById" IS NULL) = ("removedAt" IS NULL));
ALTER TABLE "Village" ADD CONSTRAINT "Village_loan_table"
  CHECK ("loanStepPoints" BETWEEN 1 AND 100000 AND "loanStepHundredths" BETWEEN 0 AND 1000
         AND "loanCapHundredths" BETWEEN 0 AND 10000 AND "creditLineTopPercent" BETWEEN 0 AND 100);
