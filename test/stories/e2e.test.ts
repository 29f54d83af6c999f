// Issue 13 end to end over HTTP, through Teams and through Slack: 6 stories submitted from 3
// buildings (one with a student photo and consent, one without consent refused), 2 sent back
// and resubmitted, 1 declined → communications approves 4 and adds Spanish to 2 → Friday's fire
// sends one digest to 12 people in their language and to one channel on each platform → 3
// people celebrate (one twice: counted once) → `stories stats` and the Atom feed match exactly;
// the next Friday, with nothing approved, communications was warned and nothing was sent.
import { parseFeed } from '@rowanmanning/feed-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatDriver, PLATFORMS, type Seen } from '../behaviour/drivers.ts';
import { translate } from '../support/catalog.ts';
import { type Harness, SLACK_TEAM, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { ManualClock } from '../support/manual-clock.ts';

const DAY = 86_400_000;
/** Monday 2026-11-23 9:00 in Chicago; Friday's digest is at 9:00 on the 27th. */
const MONDAY = Date.parse('2026-11-23T15:00:00Z');
/** Typed by a person: must show exactly as typed, never evaluated or read as markup. */
const TRICKY = 'We raised ${$root.secret} {{t.title}} for the [food bank](https://evil.example) & <b>more</b>';

interface Submission {
  title: string;
  body: string;
  building: string;
  category: string;
  language: 'en' | 'es';
  photoUrl?: string;
  photoAlt?: string;
  students?: 'yes' | 'no';
  consent?: 'yes' | 'no';
}

describe.each(PLATFORMS)('success stories end to end through %s', (_name, makeDriver) => {
  let h: Harness;
  let chat: ChatDriver;
  const clock = new ManualClock(MONDAY);
  let comms: TestPerson;
  const staff: TestPerson[] = [];
  const by = (name: string) => staff.find((p) => p.name === name)!;
  const ids: Record<string, string> = {};
  const TEAMS_CHANNEL = '19:stories@thread.tacv2';
  const SLACK_CHANNEL = 'C0STORIES1';

  const mine = (p: TestPerson) => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind !== 'modal');
  /** What the person was shown while `fn` ran (new items only; Teams lists invoke answers last). */
  const act = async (p: TestPerson, fn: () => Promise<unknown>): Promise<Seen[]> => {
    const left = chat.seen(p).map((s) => s.text);
    await fn();
    return chat.seen(p).filter((s) => {
      const i = left.indexOf(s.text);
      if (i === -1) return true;
      left.splice(i, 1);
      return false;
    });
  };
  /** Types a command and returns the card it answered with that shows `key`'s text. */
  const ask = async (p: TestPerson, text: string, key: string) => {
    const seen = await act(p, () => chat.say(p, text));
    const found = seen.find((s) => s.text.includes(translate(p.language, key)));
    if (!found) throw new Error(`"${text}" did not answer with ${key}: ${shownText(seen)}`);
    return found;
  };
  const shownText = (seen: Seen[]) => seen.map((s) => s.text).join('\n');
  /** Answers a form; on Slack a form too big for a message opens as a modal first. */
  const fill = async (p: TestPerson, form: unknown, values: Record<string, string>, opts: { verb?: string } = {}) => {
    const modals = () => chat.seen(p).filter((s) => (s.form as { kind?: string } | undefined)?.kind === 'modal');
    const before = modals().length;
    const r = await chat.submit(p, form, values, opts);
    const opened = modals();
    if (chat.platform === 'slack' && opened.length > before) return chat.submit(p, opened.at(-1)!.form, values);
    return r;
  };
  const storyValues = (s: Submission) => ({
    storyTitle: s.title,
    storyBody: s.body,
    storyBuilding: s.building,
    storyCategory: s.category,
    storyLanguage: s.language,
    storyPhotoUrl: s.photoUrl ?? '',
    storyPhotoAlt: s.photoAlt ?? '',
    storyStudents: s.students ?? 'no',
    storyConsent: s.consent ?? 'no',
  });
  /** `story`, then the form filled and sent; returns what the person saw. */
  const submit = async (p: TestPerson, s: Submission) => {
    const form = await ask(p, 'story', 'stories-form.consentRule');
    return act(p, () => fill(p, form.form, storyValues(s), { verb: 'stories.submit' }));
  };
  /** Fires a schedule now (sending moves the injected clock on, so the time is read first). */
  const fire = async (name: string, when = clock.now()) => {
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name } });
    expect(await h.service.scheduler!.fire(s, when)).toBe(true);
    await h.service.delivery!.drain();
  };
  const at = (t: number) => clock.advance(t - clock.now().getTime());
  const storyCount = () => h.db.story.count();
  const reviewOf = (ref: string) => ask(comms, `stories review ${ref}`, 'stories-review.storyTitle');
  const decide = async (ref: string, verb: string, values: Record<string, string> = {}) => {
    const card = await reviewOf(ref);
    const seen = await act(comms, () => chat.submit(comms, card.form, values, { verb }));
    await h.service.delivery!.drain();
    return { card, seen };
  };
  const stories: Record<string, Submission> = {
    robotics: {
      title: 'Robotics & <Coding> club wins state',
      body: 'Hoover students built a robot that sorts recycling.',
      building: 'Hoover',
      category: 'student_success',
      language: 'en',
      photoUrl: 'https://www.dmschools.example/robots.jpg',
      photoAlt: 'Four students holding their robot and a trophy',
      students: 'yes',
      consent: 'yes',
    },
    choir: {
      title: 'Choir sings at the capitol',
      body: 'Named students: Ana and Ben.',
      building: 'Hoover',
      category: 'event',
      language: 'en',
      students: 'yes',
      consent: 'no',
    },
    foodDrive: { title: 'Food drive', body: TRICKY, building: 'Lincoln', category: 'community_partnership', language: 'en' },
    familyNight: {
      title: 'Noche de familias',
      body: 'Más de 200 familias vinieron a la noche de lectura.',
      building: 'Lincoln',
      category: 'event',
      language: 'es',
    },
    mentor: { title: 'Thank you, Mr. Diaz', body: 'Thirty years of teaching math.', building: 'Roosevelt', category: 'staff_recognition', language: 'en' },
    repeat: { title: 'Our robotics team', body: 'Same as last week.', building: 'Roosevelt', category: 'student_success', language: 'en' },
  };

  beforeAll(async () => {
    h = await startHarness({ clock });
    chat = makeDriver(h);
    comms = await h.addPerson({ name: 'Carla Comms', roles: ['staff', 'communications'], language: 'en', building: 'Central Office', region: 'Central' });
    const people: [string, string, string, string][] = [
      ['Hoover Alice', 'Hoover', 'North', 'en'],
      ['Hoover Bruno', 'Hoover', 'North', 'es'],
      ['Hoover Dalia', 'Hoover', 'North', 'ar'],
      ['Hoover Evan', 'Hoover', 'North', 'en'],
      ['Lincoln Fatima', 'Lincoln', 'South', 'es'],
      ['Lincoln Gus', 'Lincoln', 'South', 'en'],
      ['Lincoln Hana', 'Lincoln', 'South', 'es'],
      ['Lincoln Imad', 'Lincoln', 'South', 'ar'],
      ['Roosevelt Jo', 'Roosevelt', 'West', 'en'],
      ['Roosevelt Kim', 'Roosevelt', 'West', 'es'],
      ['Roosevelt Lee', 'Roosevelt', 'West', 'en'],
    ];
    for (const [name, building, region, language] of people) staff.push(await h.addPerson({ name, building, region, language }));
    for (const p of [comms, ...staff]) await chat.say(p, 'help');
    h.slackApi.addChannel(SLACK_CHANNEL);
    // The digest also goes to one Teams channel and one Slack channel.
    await h.db.schedule.update({
      where: { name: 'stories:digest' },
      data: {
        params: {
          channels: [
            {
              platform: 'teams',
              workspaceId: TENANT_ID,
              channelId: TEAMS_CHANNEL,
              conversationRef: { serviceUrl: h.connector.url, conversation: { id: TEAMS_CHANNEL } },
            },
            { platform: 'slack', workspaceId: SLACK_TEAM, channelId: SLACK_CHANNEL },
          ],
        },
      },
    });
  }, 60_000);
  afterAll(async () => h?.close());

  it('staff submit stories from 3 buildings; the one naming students without consent is refused and stores nothing', async () => {
    const alice = by('Hoover Alice');
    const thanks = await submit(alice, stories.robotics!);
    expect(shownText(thanks)).toContain(translate('en', 'stories-ack.heading.submitted'));
    const refused = await submit(by('Hoover Evan'), stories.choir!);
    expect(shownText(refused)).toContain(translate('en', 'notice.storiesNoConsent'));
    expect(await storyCount()).toBe(1);
    await submit(by('Lincoln Gus'), stories.foodDrive!);
    await submit(by('Lincoln Fatima'), stories.familyNight!);
    await submit(by('Roosevelt Jo'), stories.mentor!);
    await submit(by('Roosevelt Lee'), stories.repeat!);
    expect(await storyCount()).toBe(5);
    for (const [key, s] of Object.entries(stories)) {
      const row = await h.db.story.findFirst({ where: { title: s.title } });
      if (row) ids[key] = row.id.slice(0, 8);
    }
    const robotics = await h.db.story.findFirstOrThrow({ where: { title: stories.robotics!.title } });
    expect(robotics).toMatchObject({ building: 'Hoover', region: 'North', studentsShown: true, consentConfirmed: true, photoAlt: stories.robotics!.photoAlt });
  });

  it('bad input gets a clear answer in the person’s language and changes nothing', async () => {
    const p = by('Lincoln Hana'); // es
    const cases: [Partial<Submission>, string, Record<string, number>][] = [
      [{ body: '   ' }, 'storiesEmpty', {}],
      [{ body: 'x'.repeat(20_000) }, 'storiesTooLong', { max: 2000, length: 20_000 }],
      [{ photoUrl: 'http://www.dmschools.example/a.jpg', photoAlt: 'A photo' }, 'storiesPhotoNotHttps', {}],
      [{ photoUrl: 'https://www.dmschools.example/a.jpg', photoAlt: '' }, 'storiesPhotoNeedsAlt', {}],
    ];
    for (const [change, key, params] of cases) {
      const seen = await submit(p, { ...stories.familyNight!, title: 'Otra historia', ...change });
      expect(shownText(seen), key).toContain(translate('es', `notice.${key}`, params));
    }
    const unknown = await act(comms, () => chat.say(comms, 'stories review deadbeef'));
    expect(shownText(unknown)).toContain(translate('en', 'notice.storiesNotFound'));
    expect(await storyCount()).toBe(5);
  });

  it('communications hear of the new stories in one batch', async () => {
    const seen = await act(comms, () => fire('stories:notify'));
    const text = shownText(seen);
    expect(text).toContain(translate('en', 'stories-ack.heading.newSubmissions'));
    expect(text).toContain(translate('en', 'stories-ack.newSubmissions', { count: 5 }));
    expect(text).toContain(`${stories.robotics!.title} (Hoover)`);
    expect(shownText(await act(comms, () => fire('stories:notify')))).toBe('');
  });

  it('staff cannot review or see the coming digest', async () => {
    const p = by('Hoover Alice');
    const seen = await act(p, () => chat.say(p, `stories review ${ids.robotics}`));
    expect(shownText(seen)).toContain(translate('en', 'notice.forbidden'));
    const seen2 = await act(p, () => chat.say(p, 'stories digest'));
    expect(shownText(seen2)).toContain(translate('en', 'notice.forbidden'));
  });

  it('2 are sent back with a note and resubmitted, 1 is declined; a second decision is refused', async () => {
    for (const key of ['foodDrive', 'mentor'] as const) {
      const { seen } = await decide(ids[key]!, 'stories.sendBack', { reviewNote: 'Please add the date.' });
      expect(shownText(seen)).toContain(translate('en', 'stories-ack.heading.reviewSentBack'));
    }
    const gus = by('Lincoln Gus');
    const told = mine(gus).find((x) => x.text.includes(translate('en', 'stories-ack.heading.sentBack')));
    expect(told?.text).toContain('Please add the date.');
    // A send-back without a note is refused.
    const noNote = await decide(ids.repeat!, 'stories.sendBack', { reviewNote: '' });
    expect(shownText(noNote.seen)).toContain(translate('en', 'notice.storiesNoteRequired'));
    const declined = await decide(ids.repeat!, 'stories.decline', { reviewNote: 'We shared this story last week.' });
    expect(shownText(declined.seen)).toContain(translate('en', 'stories-ack.heading.reviewDeclined'));
    expect(mine(by('Roosevelt Lee')).find((x) => x.text.includes(translate('en', 'stories-ack.heading.declined')))?.text).toContain(
      'We shared this story last week.',
    );
    // The old review card of the declined story cannot approve it now.
    const again = await act(comms, () => chat.submit(comms, declined.card.form, {}, { verb: 'stories.approve' }));
    expect(shownText(again)).toContain(translate('en', 'notice.storiesAlreadyDecided'));
    expect((await h.db.story.findFirstOrThrow({ where: { title: stories.repeat!.title } })).status).toBe('declined');

    for (const [key, person] of [
      ['foodDrive', gus],
      ['mentor', by('Roosevelt Jo')],
    ] as const) {
      const form = await ask(person, `story ${ids[key]}`, 'stories-form.sentBack');
      expect(form.text).toContain('Please add the date.');
      const seen = await act(person, () =>
        fill(person, form.form, { ...storyValues(stories[key]!), storyBody: `${stories[key]!.body} (November 20)` }, { verb: 'stories.submit' }),
      );
      expect(shownText(seen)).toContain(translate('en', 'stories-ack.heading.resubmitted'));
    }
    expect(await h.db.story.count({ where: { status: 'submitted' } })).toBe(4);
  });

  it('communications approve 4 and add Spanish to 2; submitters hear it; decisions record who and when', async () => {
    const approve = async (key: string, values: Record<string, string>) => {
      clock.advance(60_000);
      const { seen } = await decide(ids[key]!, 'stories.approve', values);
      expect(shownText(seen)).toContain(translate('en', 'stories-ack.heading.reviewApproved'));
    };
    await approve('mentor', {});
    await approve('foodDrive', { reviewTranslatedTitle: 'Colecta de alimentos', reviewTranslatedBody: `Recaudamos ${TRICKY.length} cosas.` });
    await approve('familyNight', { reviewPublic: 'yes' });
    await approve('robotics', {
      reviewTranslatedTitle: 'El club de robótica gana',
      reviewTranslatedBody: 'Los estudiantes de Hoover construyeron un robot.',
      reviewPublic: 'yes',
    });
    expect(mine(by('Hoover Alice')).some((x) => x.text.includes(translate('en', 'stories-ack.heading.approved')))).toBe(true);
    const decisions = await h.db.storyDecision.findMany({ where: { action: 'approved' } });
    expect(decisions).toHaveLength(4);
    expect(decisions.every((d) => d.byId === comms.id)).toBe(true);
  });

  it('communications preview the digest as staff will see it, reorder and hold', async () => {
    const seen = await act(comms, () => chat.say(comms, 'stories digest'));
    const preview = seen.find((s) => s.text.includes(translate('en', 'stories-digest.previewBanner')))!;
    expect(preview.text.indexOf(stories.robotics!.title)).toBeLessThan(preview.text.indexOf(stories.familyNight!.title));
    expect(preview.text).not.toContain(translate('en', 'stories-digest.celebrate'));
    const upcoming = seen.find((s) => s.text.includes(translate('en', 'stories-upcoming.title')))!;
    // Move up the second story (Noche de familias), then hold and release it.
    const moved = await chat.submit(comms, upcoming.form, {}, { verb: 'stories.up' });
    expect(moved!.text.indexOf(stories.familyNight!.title)).toBeLessThan(moved!.text.indexOf(stories.robotics!.title));
    const held = await chat.submit(comms, moved!.form, {}, { verb: 'stories.hold' });
    expect(held!.text).toContain(translate('en', 'stories-upcoming.place.held', { building: 'Lincoln', ref: ids.familyNight }));
    const released = await chat.submit(comms, held!.form, {}, { verb: 'stories.release' });
    expect(released!.text).not.toContain(translate('en', 'stories-upcoming.place.held', { building: 'Lincoln', ref: ids.familyNight }));
  });

  it('Thursday: stories are approved, so no warning', async () => {
    at(MONDAY + 3 * DAY);
    expect(shownText(await act(comms, () => fire('stories:warning')))).toBe('');
  });

  it('Friday’s fire sends one digest to 12 people in their language and to one channel on each platform', async () => {
    const friday = new Date(MONDAY + 4 * DAY);
    at(friday.getTime());
    await fire('stories:digest', friday);
    expect(await h.db.storyDigest.count()).toBe(1);
    const everyone = [comms, ...staff];
    expect(everyone).toHaveLength(12);
    for (const p of everyone) {
      const preview = translate(p.language, 'stories-digest.previewBanner');
      const cards = mine(p).filter((s) => s.text.includes(translate(p.language, 'stories-digest.title')) && !s.text.includes(preview));
      expect(cards, p.name).toHaveLength(1);
      const text = cards[0]!.text;
      if (p.language === 'es') {
        expect(text).toContain('El club de robótica gana');
        expect(text).toContain(stories.familyNight!.title);
        expect(text).toContain(stories.mentor!.title);
        expect(text).toContain(translate('es', 'stories-digest.notTranslated'));
      } else {
        expect(text).toContain(stories.robotics!.title);
        expect(text).toContain(stories.familyNight!.title);
        expect(text).toContain(translate(p.language, 'stories-digest.notTranslated'));
      }
      if (p.language !== 'es') expect(text, 'typed text shows as typed').toContain(TRICKY);
      expect(text).toContain(stories.robotics!.photoAlt);
      expect(text).not.toContain(stories.repeat!.title);
    }
    expect(h.connector.activities.filter((a) => a.conversationId === TEAMS_CHANNEL && a.kind !== 'update')).toHaveLength(1);
    expect(h.slackApi.messages.filter((m) => m.channel === SLACK_CHANNEL)).toHaveLength(1);
    expect(await h.db.story.count({ where: { status: 'published' } })).toBe(4);
    // The same fire again (a restart, another instance) sends nothing.
    const s = await h.db.schedule.findUniqueOrThrow({ where: { name: 'stories:digest' } });
    expect(await h.service.scheduler!.fire(s, friday)).toBe(false);
  });

  it('3 people celebrate (one twice and one retried: each counted once) and the card updates in place', async () => {
    const celebrate = async (p: TestPerson) => {
      const card = mine(p).find(
        (s) => s.text.includes(translate(p.language, 'stories-digest.title')) && !s.text.includes(translate(p.language, 'stories-digest.previewBanner')),
      )!;
      return chat.submit(p, card.form, {}, { verb: 'stories.celebrate' });
    };
    const [a, b, c] = [by('Hoover Alice'), by('Lincoln Fatima'), by('Roosevelt Kim')];
    const first = await celebrate(a!);
    expect(first!.text).toContain(translate('en', 'stories-digest.youCelebrated', { count: 1 }));
    await chat.redeliverLastSubmit();
    const twice = await chat.submit(a!, first!.form, {}, { verb: 'stories.celebrate' });
    expect(twice!.text).toContain(translate('en', 'stories-digest.youCelebrated', { count: 1 }));
    await celebrate(b!);
    const third = await celebrate(c!);
    expect(third!.text).toContain(translate('es', 'stories-digest.youCelebrated', { count: 3 }));
    expect(await h.db.storyCelebration.count()).toBe(3);
  });

  it('`stories stats` shows the delivery rows per platform and the celebrations', async () => {
    const text = shownText(await act(comms, () => chat.say(comms, 'stories stats')));
    const here = chat.platform;
    const other = here === 'teams' ? 'slack' : 'teams';
    // Slack shows a fact's title in bold (*…*).
    const line = (platform: string, reach: Record<string, number>) =>
      new RegExp(
        `\\*?${translate('en', `stories-list.platform.${platform}`)}\\*?\\n${translate('en', 'stories-list.reach', { failed: 0, pending: 0, ...reach })}`,
      );
    expect(text).toMatch(line(here, { people: 12, channels: 1, delivered: 13 }));
    expect(text).toMatch(line(other, { people: 0, channels: 1, delivered: 1 }));
    expect(text).toMatch(new RegExp(`${translate('en', 'stories-list.celebrations')}\\*?\\s*\\n?\\s*3`));
    // The fall term began on Saturday, August 1: the week of November 23 is its 18th.
    expect(text).toContain(translate('en', 'stories-list.weeksValue', { with: 1, of: 18 }));
  });

  it('the Atom feed holds exactly the published stories approved for the public, with alt text', async () => {
    const base = h.service.endpoints.health.replace(/\/healthz$/, '');
    const res = await fetch(`${base}/stories/feed.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const feed = parseFeed(await res.text());
    expect(feed.meta.type).toBe('atom');
    const titles = feed.items.map((i) => i.title).sort();
    expect(titles).toEqual([stories.familyNight!.title, stories.robotics!.title].sort());
    const robotics = feed.items.find((i) => i.title === stories.robotics!.title)!;
    expect(robotics.content).toContain(`alt="${stories.robotics!.photoAlt}"`);
    const hoover = parseFeed(await (await fetch(`${base}/stories/feed.xml?building=Hoover`)).text());
    expect(hoover.items.map((i) => i.title)).toEqual([stories.robotics!.title]);
    expect((await fetch(`${base}/stories/feed.xml?building=`)).status).toBe(400);
  });

  it('the next Friday, with nothing approved, communications were warned the day before and nothing was sent', async () => {
    const campaigns = await h.db.campaign.count({ where: { purpose: { startsWith: 'stories-digest:' } } });
    at(MONDAY + 10 * DAY);
    const warned = shownText(await act(comms, () => fire('stories:warning')));
    expect(warned).toContain(translate('en', 'stories-ack.heading.nothingApproved'));
    at(MONDAY + 11 * DAY);
    const before = new Map([comms, ...staff].map((p) => [p.id, chat.seen(p).length]));
    await fire('stories:digest');
    expect(await h.db.storyDigest.count()).toBe(1);
    expect(await h.db.campaign.count({ where: { purpose: { startsWith: 'stories-digest:' } } })).toBe(campaigns);
    for (const p of [comms, ...staff]) expect(chat.seen(p).length, p.name).toBe(before.get(p.id));
  });

  it('the archive lists every published story by building', async () => {
    const p = by('Roosevelt Lee');
    const text = shownText(await act(p, () => chat.say(p, 'stories archive')));
    for (const s of [stories.robotics!, stories.foodDrive!, stories.familyNight!, stories.mentor!]) expect(text).toContain(s.title);
    expect(text).not.toContain(stories.repeat!.title);
    const mineText = shownText(await act(p, () => chat.say(p, 'stories mine')));
    expect(mineText).toContain(translate('en', 'stories-list.statusValue.declined'));
  });
});
