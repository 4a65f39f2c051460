-- AlterTable
ALTER TABLE "VolunteerCall" ADD COLUMN     "inviteFullMask" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "inviteRound" INTEGER NOT NULL DEFAULT 0;
