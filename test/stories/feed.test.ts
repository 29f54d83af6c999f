// The public feed is valid Atom (RFC 4287: feed and entries with id, title, updated; an author),
// read back with a feed parser, holds only stories published and approved for the public, with
// alt text for every image, and escapes everything people typed.
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storiesFeed } from '../../workflows/stories/feed.ts';
import { runDigest } from '../../workflows/stories/operations.ts';
import { testServices } from '../support/catalog.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { addPeople, approvedStory } from './fixtures.ts';

const FRIDAY = new Date('2026-11-27T15:00:00Z');
const HOSTILE_TITLE = 'Tom & Jerry ]]></title><script>alert(1)</script> "quoted" ${x} {{y}}';
const HOSTILE_BODY = 'Line <img src=x onerror=alert(1)> & [link](javascript:alert(1))\nSecond line';

describe('the Atom feed', () => {
  let t: TestDatabase;
  const clock = new ManualClock(FRIDAY.getTime());

  beforeEach(async () => {
    t = await createTestDatabase();
    const [a] = await addPeople(t.db, 1);
    await approvedStory(t.db, a!, {
      title: HOSTILE_TITLE,
      body: HOSTILE_BODY,
      publicOk: true,
      photoUrl: 'https://www.dmschools.example/a.jpg?x=1&y="2"',
      photoAlt: 'Students <and> "teachers" & families',
    });
    await approvedStory(t.db, a!, { title: 'Staff only', publicOk: false });
    await approvedStory(t.db, a!, { title: 'Lincoln public', building: 'Lincoln', publicOk: true });
    await runDigest(testServices(t.db, { kind: t.kind, clock }), { scheduleName: 'stories:digest', fireAt: FRIDAY }, {});
    // Approved for the public but not yet published: not in the feed.
    await approvedStory(t.db, a!, { title: 'Not yet published', publicOk: true });
  });
  afterEach(async () => t.close());

  it('is valid Atom with only published public stories, everything escaped', async () => {
    const xml = await storiesFeed(testServices(t.db, { kind: t.kind, clock }));
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('DMPS success stories');
    expect(feed.updated).toBeInstanceOf(Date);
    expect(feed.authors.length).toBeGreaterThan(0);
    expect(feed.items.map((i) => i.title).sort()).toEqual([HOSTILE_TITLE, 'Lincoln public'].sort());
    for (const item of feed.items) {
      expect(item.id).toMatch(/^urn:uuid:/);
      expect(item.updated).toBeInstanceOf(Date);
    }
    const hostile = feed.items.find((i) => i.title === HOSTILE_TITLE)!;
    // The HTML the entry carries (its content element's text, XML-decoded): what a reader
    // renders. What people typed is text in it; the only markup is ours.
    const content = hostile.element.findElementWithName('content')!;
    expect(content.getAttribute('type')).toBe('html');
    const html = content.textContent;
    expect(html).not.toMatch(/<script|<img src=x|onerror=alert\(1\)>/);
    const title = hostile.element.findElementWithName('title')!;
    expect(title.textContent).not.toContain('<script');
    expect(html).toContain('Line &lt;img src=x onerror=alert(1)&gt; &amp; [link](javascript:alert(1))');
    const images = [...html.matchAll(/<img\b[^>]*>/g)].map((m) => m[0]);
    expect(images).toHaveLength(1);
    expect(images[0]).toContain('alt="Students &lt;and&gt; &quot;teachers&quot; &amp; families"');
  });

  it('filters by building', async () => {
    const feed = parseFeed(await storiesFeed(testServices(t.db, { kind: t.kind, clock }), 'Lincoln'));
    expect(feed.items.map((i) => i.title)).toEqual(['Lincoln public']);
  });
});
