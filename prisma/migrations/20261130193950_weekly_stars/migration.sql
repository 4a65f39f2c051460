-- DropForeignKey
ALTER TABLE "WeeklyStar" DROP CONSTRAINT "WeeklyStar_memberId_fkey";

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "weeklyStarsCount" INTEGER NOT NULL DEFAULT 3;

-- AddForeignKey
ALTER TABLE "WeeklyStar" ADD CONSTRAINT "WeeklyStar_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Village" ADD CONSTRAINT "Village_weekly_stars_count_sensible"
  CHECK ("weeklyStarsCount" BETWEEN 1 AND 20);
ALTER TABLE "WeeklyStar" ADD CONSTRAINT "WeeklyStar_rank_positive" CHECK ("rank" >= 1);
ALTER TABLE "WeeklyStar" ADD CONSTRAINT "WeeklyStar_points_positive" CHECK ("points" > 0);
