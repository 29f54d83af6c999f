import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';

const mode = process.argv[2];
const size = +(process.argv[3] ?? 13312);
const f = `/tmp/sq2-${process.pid}.db`;
const db = new Database(f, { timeout: 0 });
db.pragma('journal_mode = WAL');
if (mode) db.pragma(`synchronous = ${mode}`);
db.exec('CREATE TABLE r (id TEXT PRIMARY KEY, slots BLOB, n INT); CREATE TABLE s (id TEXT PRIMARY KEY, runId TEXT, box BLOB); CREATE INDEX s_run ON s(runId);');
db.prepare('INSERT INTO r VALUES (?, ?, 0)').run('run1', Buffer.alloc(600));
const get = db.prepare('SELECT slots FROM r WHERE id = ?');
const set = db.prepare('UPDATE r SET slots = ?, n = n + 1 WHERE id = ?');
const ins = db.prepare('INSERT INTO s VALUES (?, ?, ?)');
const tx = db.transaction((box) => {
  const r = get.get('run1');
  const b = Buffer.from(r.slots);
  b[3] |= 1;
  set.run(b, 'run1');
  ins.run(randomUUID(), 'run1', box);
});
const boxes = Array.from({ length: 4000 }, () => randomBytes(size));
for (let i = 0; i < 500; i++) tx.immediate(boxes[i]);
const c0 = process.cpuUsage();
const t0 = performance.now();
const N = 3000;
for (let i = 500; i < 500 + N; i++) tx.immediate(boxes[i]);
const c = process.cpuUsage(c0);
const t = performance.now() - t0;
console.log(
  mode || 'FULL',
  size,
  'cpu us/op',
  ((c.user + c.system) / N).toFixed(1),
  'user',
  (c.user / N).toFixed(1),
  'sys',
  (c.system / N).toFixed(1),
  'wall',
  ((t * 1000) / N).toFixed(1),
);
