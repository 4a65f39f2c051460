-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "cadresReviewAwards" BOOLEAN NOT NULL DEFAULT false;
