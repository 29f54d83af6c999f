-- CreateTable
CREATE TABLE "Story" (
    "id" TEXT NOT NULL,
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
    "approvedAt" TIMESTAMP(3),
    "notifiedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Story_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoryDecision" (
    "id" TEXT NOT NULL,
    "storyId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "byId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "note" TEXT,

    CONSTRAINT "StoryDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoryDigest" (
    "id" TEXT NOT NULL,
    "fireKey" TEXT NOT NULL,
    "scheduleName" TEXT NOT NULL,
    "region" TEXT,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoryDigest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StoryPublication" (
    "storyId" TEXT NOT NULL,
    "digestId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "StoryPublication_pkey" PRIMARY KEY ("storyId")
);

-- CreateTable
CREATE TABLE "StoryCelebration" (
    "storyId" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoryCelebration_pkey" PRIMARY KEY ("storyId","personId")
);

-- CreateTable
CREATE TABLE "StoryWarning" (
    "key" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoryWarning_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "StoryDecision" ADD CONSTRAINT "StoryDecision_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryPublication" ADD CONSTRAINT "StoryPublication_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryPublication" ADD CONSTRAINT "StoryPublication_digestId_fkey" FOREIGN KEY ("digestId") REFERENCES "StoryDigest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StoryCelebration" ADD CONSTRAINT "StoryCelebration_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

