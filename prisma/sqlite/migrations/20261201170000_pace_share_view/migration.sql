-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PaceShare" (
    "key" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "since" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "view" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("key", "instanceId")
);
INSERT INTO "new_PaceShare" ("expiresAt", "instanceId", "key", "since") SELECT "expiresAt", "instanceId", "key", "since" FROM "PaceShare";
DROP TABLE "PaceShare";
ALTER TABLE "new_PaceShare" RENAME TO "PaceShare";
CREATE INDEX "PaceShare_expiresAt_idx" ON "PaceShare"("expiresAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

