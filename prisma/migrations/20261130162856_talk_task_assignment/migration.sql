-- AlterTable
ALTER TABLE "TalkTask" ADD COLUMN     "assignment" INTEGER NOT NULL DEFAULT 1;

-- An item is never merged into itself (Prisma's schema cannot say this; the guard against longer
-- cycles is mergeItem's conditional update of the target, see core/talk/handle-item.ts).
ALTER TABLE "TalkItem" ADD CONSTRAINT "TalkItem_not_merged_into_itself" CHECK ("mergedIntoId" IS NULL OR "mergedIntoId" <> "id");
