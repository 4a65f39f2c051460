-- CreateEnum
CREATE TYPE "OutboxKind" AS ENUM ('SEND', 'JOB');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'QUEUED', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "TimerStatus" AS ENUM ('PENDING', 'FIRED', 'CANCELLED');

-- CreateTable
CREATE TABLE "OutboxEntry" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "kind" "OutboxKind" NOT NULL,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "chatId" BIGINT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "OutboxEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledTimer" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "TimerStatus" NOT NULL DEFAULT 'PENDING',
    "firedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduledTimer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEntry_key_key" ON "OutboxEntry"("key");

-- CreateIndex
CREATE INDEX "OutboxEntry_status_leaseUntil_idx" ON "OutboxEntry"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledTimer_key_key" ON "ScheduledTimer"("key");

-- CreateIndex
CREATE INDEX "ScheduledTimer_status_dueAt_idx" ON "ScheduledTimer"("status", "dueAt");
