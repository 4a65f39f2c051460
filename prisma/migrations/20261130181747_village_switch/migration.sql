-- AlterTable
ALTER TABLE "User" ADD COLUMN     "previousVillageId" INTEGER;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_previousVillageId_fkey" FOREIGN KEY ("previousVillageId") REFERENCES "Village"("id") ON DELETE SET NULL ON UPDATE CASCADE;
