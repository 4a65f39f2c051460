-- AlterTable
ALTER TABLE "PointAward" ADD COLUMN     "batchId" INTEGER;

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "appealWindowHours" INTEGER NOT NULL DEFAULT 72;

-- CreateIndex
CREATE INDEX "PointAward_villageId_batchId_idx" ON "PointAward"("villageId", "batchId");

ALTER TABLE "Village" ADD CONSTRAINT "Village_appeal_window_sensible"
  CHECK ("appealWindowHours" >= 0 AND "appealWindowHours" <= 24 * 30);
