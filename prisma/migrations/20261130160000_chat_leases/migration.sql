-- CreateTable
CREATE TABLE "ChatLease" (
    "chatKey" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatLease_pkey" PRIMARY KEY ("chatKey")
);
