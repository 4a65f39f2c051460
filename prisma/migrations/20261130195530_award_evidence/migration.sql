-- AlterTable
ALTER TABLE "PointAward" ADD COLUMN     "evidenceFileId" TEXT;
