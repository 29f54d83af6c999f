-- CreateTable
CREATE TABLE "Story" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "submitterId" TEXT NOT NULL,
    "building" TEXT NOT NULL,
    "region" TEXT,
    "category" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "translatedTitle" TEXT,
    "translatedBody" TEXT,
    "photoUrl" TEXT,
    "photoAlt" TEXT,
    "studentsShown" BOOLEAN NOT NULL DEFAULT false,
    "consentConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "publicOk" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "note" TEXT,
    "rank" INTEGER,
    "held" BOOLEAN NOT NULL DEFAULT false,
    "approvedAt" DATETIME,
    "notifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StoryDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "storyId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "byId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "note" TEXT,
    CONSTRAINT "StoryDecision_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoryDigest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fireKey" TEXT NOT NULL,
    "scheduleName" TEXT NOT NULL,
    "region" TEXT,
    "sentAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "StoryPublication" (
    "storyId" TEXT NOT NULL PRIMARY KEY,
    "digestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    CONSTRAINT "StoryPublication_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StoryPublication_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "StoryDigest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoryCelebration" (
    "storyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("storyId", "personId"),
    CONSTRAINT "StoryCelebration_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoryWarning" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "sentAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Story_status_idx" ON "Story"("status");

-- CreateIndex
CREATE INDEX "Story_submitterId_idx" ON "Story"("submitterId");

-- CreateIndex
CREATE INDEX "StoryDecision_storyId_idx" ON "StoryDecision"("storyId");

-- CreateIndex
CREATE UNIQUE INDEX "StoryDigest_fireKey_key" ON "StoryDigest"("fireKey");

-- CreateIndex
CREATE INDEX "StoryPublication_digestId_idx" ON "StoryPublication"("digestId");

