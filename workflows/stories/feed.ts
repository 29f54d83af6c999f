// The public Atom feed of published stories (GET /stories/feed.xml, optionally ?building=),
// for the district website: only stories published in a digest and approved for the public,
// each image with its alt text. Built with the `feed` package, which escapes every text; the
// entry's HTML content is escaped here (title, text and alt are what people typed).
import { Feed } from 'feed';
import type { HttpRoute } from '../../kernel/module.ts';
import type { Services } from '../../kernel/turn.ts';
import { archive } from './operations.ts';

export const FEED_PATH = '/stories/feed.xml';
const SITE = 'https://www.dmschools.org';
const FEED_SIZE = 50;

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export async function storiesFeed(deps: Pick<Services, 'db' | 'timeZone' | 'clock'>, building?: string): Promise<string> {
  const stories = await archive(deps, { publicOnly: true, take: FEED_SIZE, ...(building ? { building } : {}) });
  const feed = new Feed({
    id: `urn:dmps-connect:stories${building ? `:${encodeURIComponent(building)}` : ''}`,
    title: building ? `DMPS success stories: ${building}` : 'DMPS success stories',
    link: SITE,
    language: 'en',
    updated: stories[0] ? new Date(`${stories[0].publishedOn}T12:00:00Z`) : new Date(0),
    copyright: 'Des Moines Public Schools',
    author: { name: 'Des Moines Public Schools', link: SITE },
    generator: false,
  });
  for (const { story: s, publishedOn } of stories) {
    const photo = s.photoUrl && s.photoAlt ? `<p><img src="${html(s.photoUrl)}" alt="${html(s.photoAlt)}"/></p>` : '';
    const paragraphs = s.body
      .split(/\n+/)
      .map((p) => `<p>${html(p)}</p>`)
      .join('');
    feed.addItem({
      id: `urn:uuid:${s.id}`,
      // The library declares entry titles type="html": the title is escaped as HTML, so a reader shows it as typed.
      title: html(s.title),
      link: `${SITE}/stories/${s.id}`,
      date: new Date(`${publishedOn}T12:00:00Z`),
      content: `${photo}${paragraphs}`,
      category: [
        { name: s.category, term: s.category },
        { name: s.building, term: s.building },
      ],
    });
  }
  return feed.atom1();
}

export const feedRoute: HttpRoute = {
  method: 'GET',
  path: FEED_PATH,
  async handle(services, req) {
    const building = req.query.building?.trim();
    if (building !== undefined && (building.length === 0 || building.length > 200))
      return { status: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'building must be 1 to 200 characters' }) };
    return { status: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8' }, body: await storiesFeed(services, building) };
  },
};
