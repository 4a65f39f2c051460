-- CreateEnum
CREATE TYPE "VoteKind" AS ENUM ('NEW_RULE', 'AMEND_RULE', 'REPEAL_RULE', 'POINT_RULE');

-- CreateEnum
CREATE TYPE "VoteElectorate" AS ENUM ('MEMBERS', 'HOUSEHOLDS', 'LIST');

-- CreateEnum
CREATE TYPE "VoteThreshold" AS ENUM ('MAJORITY', 'TWO_THIRDS');

-- CreateEnum
CREATE TYPE "VoteOptionMeaning" AS ENUM ('FOR', 'AGAINST', 'ABSTAIN');

-- AlterEnum
ALTER TYPE "VoteResult" ADD VALUE 'NO_QUORUM';

-- DropForeignKey
ALTER TABLE "Ballot" DROP CONSTRAINT "Ballot_memberId_fkey";

-- DropForeignKey
ALTER TABLE "Ballot" DROP CONSTRAINT "Ballot_optionId_fkey";

-- DropForeignKey
ALTER TABLE "Ballot" DROP CONSTRAINT "Ballot_voteId_fkey";

-- DropForeignKey
ALTER TABLE "RuleVersion" DROP CONSTRAINT "RuleVersion_ruleId_fkey";

-- DropForeignKey
ALTER TABLE "Vote" DROP CONSTRAINT "Vote_createdById_fkey";

-- DropForeignKey
ALTER TABLE "Vote" DROP CONSTRAINT "Vote_ruleId_fkey";

-- DropForeignKey
ALTER TABLE "VoteComment" DROP CONSTRAINT "VoteComment_authorId_fkey";

-- DropForeignKey
ALTER TABLE "VoteComment" DROP CONSTRAINT "VoteComment_voteId_fkey";

-- DropIndex
DROP INDEX "VoteOption_voteId_position_key";

-- AlterTable
ALTER TABLE "Rule" ADD COLUMN     "currentVersion" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "repealedAt" TIMESTAMP(3),
ADD COLUMN     "repealedByVoteId" INTEGER;

-- AlterTable
ALTER TABLE "RuleVersion" ADD COLUMN     "title" TEXT NOT NULL,
ADD COLUMN     "villageId" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "Village" ADD COLUMN     "nextRuleNumber" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Vote" DROP COLUMN "announcedAt",
DROP COLUMN "ruleId",
DROP COLUMN "ruleText",
ADD COLUMN     "ballotKey" BYTEA,
ADD COLUMN     "body" TEXT NOT NULL,
ADD COLUMN     "electorate" "VoteElectorate" NOT NULL DEFAULT 'MEMBERS',
ADD COLUMN     "electorateSize" INTEGER NOT NULL,
ADD COLUMN     "kind" "VoteKind" NOT NULL,
ADD COLUMN     "pointRuleChange" JSONB,
ADD COLUMN     "progressChatId" BIGINT,
ADD COLUMN     "progressMessageId" INTEGER,
ADD COLUMN     "quorumPercent" INTEGER,
ADD COLUMN     "ruleNumber" INTEGER,
ADD COLUMN     "secret" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "talkItemId" INTEGER,
ADD COLUMN     "threshold" "VoteThreshold" NOT NULL DEFAULT 'MAJORITY',
ADD COLUMN     "turnout" INTEGER;

-- AlterTable
ALTER TABLE "VoteComment" ADD COLUMN     "villageId" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "VoteOption" DROP CONSTRAINT "VoteOption_pkey",
DROP COLUMN "id",
ADD COLUMN     "finalCount" INTEGER,
ADD COLUMN     "meaning" "VoteOptionMeaning" NOT NULL,
ALTER COLUMN "label" DROP NOT NULL,
ADD CONSTRAINT "VoteOption_pkey" PRIMARY KEY ("voteId", "position");

-- DropTable
DROP TABLE "Ballot";

-- CreateTable
CREATE TABLE "VoteElector" (
    "voteId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,

    CONSTRAINT "VoteElector_pkey" PRIMARY KEY ("voteId","memberId")
);

-- CreateTable
CREATE TABLE "VoteParticipation" (
    "voteId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "holder" TEXT NOT NULL,
    "castById" INTEGER NOT NULL,
    "proxyById" INTEGER,
    "casts" INTEGER NOT NULL DEFAULT 1,
    "firstCastAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoteParticipation_pkey" PRIMARY KEY ("voteId","holder")
);

-- CreateTable
CREATE TABLE "VoteBallot" (
    "voteId" INTEGER NOT NULL,
    "pseudonym" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "receipt" TEXT NOT NULL,

    CONSTRAINT "VoteBallot_pkey" PRIMARY KEY ("voteId","pseudonym")
);

-- CreateTable
CREATE TABLE "VoteLike" (
    "voteId" INTEGER NOT NULL,
    "villageId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoteLike_pkey" PRIMARY KEY ("voteId","memberId")
);

-- CreateIndex
CREATE INDEX "VoteElector_voteId_holder_idx" ON "VoteElector"("voteId", "holder");

-- CreateIndex
CREATE UNIQUE INDEX "VoteBallot_voteId_receipt_key" ON "VoteBallot"("voteId", "receipt");

-- CreateIndex
CREATE UNIQUE INDEX "Rule_repealedByVoteId_key" ON "Rule"("repealedByVoteId");

-- CreateIndex
CREATE UNIQUE INDEX "Rule_villageId_id_key" ON "Rule"("villageId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "TalkItem_villageId_id_key" ON "TalkItem"("villageId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Vote_villageId_id_key" ON "Vote"("villageId", "id");

-- CreateIndex
CREATE INDEX "VoteComment_voteId_createdAt_idx" ON "VoteComment"("voteId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "VoteOption_voteId_meaning_key" ON "VoteOption"("voteId", "meaning");

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_villageId_createdById_fkey" FOREIGN KEY ("villageId", "createdById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_villageId_ruleNumber_fkey" FOREIGN KEY ("villageId", "ruleNumber") REFERENCES "Rule"("villageId", "number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_villageId_talkItemId_fkey" FOREIGN KEY ("villageId", "talkItemId") REFERENCES "TalkItem"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteElector" ADD CONSTRAINT "VoteElector_villageId_voteId_fkey" FOREIGN KEY ("villageId", "voteId") REFERENCES "Vote"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteElector" ADD CONSTRAINT "VoteElector_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_villageId_voteId_fkey" FOREIGN KEY ("villageId", "voteId") REFERENCES "Vote"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_villageId_castById_fkey" FOREIGN KEY ("villageId", "castById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_villageId_proxyById_fkey" FOREIGN KEY ("villageId", "proxyById") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteBallot" ADD CONSTRAINT "VoteBallot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteBallot" ADD CONSTRAINT "VoteBallot_voteId_position_fkey" FOREIGN KEY ("voteId", "position") REFERENCES "VoteOption"("voteId", "position") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteComment" ADD CONSTRAINT "VoteComment_villageId_voteId_fkey" FOREIGN KEY ("villageId", "voteId") REFERENCES "Vote"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteComment" ADD CONSTRAINT "VoteComment_villageId_authorId_fkey" FOREIGN KEY ("villageId", "authorId") REFERENCES "Member"("villageId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteLike" ADD CONSTRAINT "VoteLike_villageId_voteId_fkey" FOREIGN KEY ("villageId", "voteId") REFERENCES "Vote"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoteLike" ADD CONSTRAINT "VoteLike_villageId_memberId_fkey" FOREIGN KEY ("villageId", "memberId") REFERENCES "Member"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RuleVersion" ADD CONSTRAINT "RuleVersion_villageId_ruleId_fkey" FOREIGN KEY ("villageId", "ruleId") REFERENCES "Rule"("villageId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: what a vote, its ballots and the rulebook may hold.
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_title_length" CHECK (char_length("title") BETWEEN 1 AND 100);
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000);
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_quorum_percent" CHECK ("quorumPercent" IS NULL OR "quorumPercent" BETWEEN 1 AND 100);
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_closes_after_opening" CHECK ("closesAt" > "opensAt");
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_electorate_size" CHECK ("electorateSize" >= 0);
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_rule_named_when_amended_or_repealed"
  CHECK (("ruleNumber" IS NOT NULL) = ("kind"::text IN ('AMEND_RULE', 'REPEAL_RULE')));
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_point_rule_change_when_points_rule"
  CHECK (("pointRuleChange" IS NOT NULL) = ("kind"::text = 'POINT_RULE'));
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_closed_has_result"
  CHECK (("status"::text = 'CLOSED') = ("result" IS NOT NULL AND "closedAt" IS NOT NULL AND "turnout" IS NOT NULL));
-- The secret ballot's key exists exactly while the vote is open: the close destroys it.
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_secret_key_only_while_open"
  CHECK ("ballotKey" IS NULL OR ("secret" AND "status"::text = 'OPEN'));
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_open_secret_has_key"
  CHECK (NOT ("secret" AND "status"::text = 'OPEN') OR "ballotKey" IS NOT NULL);
ALTER TABLE "Vote" ADD CONSTRAINT "Vote_turnout_within_electorate" CHECK ("turnout" IS NULL OR "turnout" BETWEEN 0 AND "electorateSize");

ALTER TABLE "VoteOption" ADD CONSTRAINT "VoteOption_position_positive" CHECK ("position" >= 1);
ALTER TABLE "VoteOption" ADD CONSTRAINT "VoteOption_label_length" CHECK ("label" IS NULL OR char_length("label") BETWEEN 1 AND 30);
ALTER TABLE "VoteOption" ADD CONSTRAINT "VoteOption_final_count" CHECK ("finalCount" IS NULL OR "finalCount" >= 0);

ALTER TABLE "VoteElector" ADD CONSTRAINT "VoteElector_holder_format" CHECK ("holder" ~ '^[mh][0-9]+$');
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_holder_format" CHECK ("holder" ~ '^[mh][0-9]+$');
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_casts_positive" CHECK ("casts" >= 1);
ALTER TABLE "VoteParticipation" ADD CONSTRAINT "VoteParticipation_proxy_is_someone_else"
  CHECK ("proxyById" IS NULL OR "proxyById" <> "castById");
ALTER TABLE "VoteBallot" ADD CONSTRAINT "VoteBallot_receipt_format" CHECK ("receipt" ~ '^[A-Z2-7]{10}$');

ALTER TABLE "VoteComment" ADD CONSTRAINT "VoteComment_text_length" CHECK (char_length("text") BETWEEN 1 AND 500);

ALTER TABLE "Rule" ADD CONSTRAINT "Rule_number_positive" CHECK ("number" >= 1);
ALTER TABLE "Rule" ADD CONSTRAINT "Rule_current_version_positive" CHECK ("currentVersion" >= 1);
ALTER TABLE "Rule" ADD CONSTRAINT "Rule_repeal_names_its_vote" CHECK (("repealedAt" IS NULL) = ("repealedByVoteId" IS NULL));
ALTER TABLE "RuleVersion" ADD CONSTRAINT "RuleVersion_version_positive" CHECK ("version" >= 1);
