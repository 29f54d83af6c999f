// The Teams personal tab in headless Chromium, framed by a local page that plays the Teams host
// (teams-host.ts answers teams-js's initialize and getAuthToken with a token from the local
// issuer), against the real service: a staff member sees exactly their tasks and answers a
// survey from the tab with the keyboard; a leader sees their building's dashboard with charts
// and tables and cannot fetch another building's data through the API; Spanish and Arabic
// (right to left) render; a staff member completes a required training from the tab ("I've
// completed it") and it is recorded once; axe-core finds no WCAG 2.1 AA violation on any view. Screenshots of
// each view go to .tmp/browser-home/ (git-ignored).
//
// Needs Chromium at /usr/bin/chromium; SKIP_BROWSER_TESTS=1 skips this file.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { createLogger } from '../../core/log.ts';
import type { Services } from '../../kernel/turn.ts';
import { closeRun, createSurvey, launchRun, seedItemBank, submitResponse } from '../../workflows/surveys/domain/index.ts';
import { createTrainingCourse } from '../../workflows/training/operations.ts';
import { catalog, translate } from '../support/catalog.ts';
import { APP_ID, type Harness, startHarness, TENANT_ID, type TestPerson } from '../support/harness.ts';
import { goodValues, SAMPLE_QUESTIONS } from '../surveys/support.ts';
import { CHROMIUM, ROOT } from './processes.ts';
import { TeamsHost } from './teams-host.ts';

const skip = process.env.SKIP_BROWSER_TESTS === '1';
/** axe-core's own script, injected into the tab's frame (its content security policy allows
 *  no inline script; the test evaluates it through the browser's debugging protocol). */
const AXE = axe.source;
const SHOTS = join(ROOT, '.tmp', 'browser-home');

describe.skipIf(skip)('the Teams tab in headless Chromium, framed by a local Teams host', () => {
  let h: Harness;
  const host = new TeamsHost();
  let browser: Browser;
  let staff: TestPerson;
  let leader: TestPerson;
  let spanish: TestPerson;
  let arabic: TestPerson;
  let trainee: TestPerson;
  const deps = () => ({ db: h.db, clock: systemClock });

  const token = (p: TestPerson) =>
    (h.issuer ?? { sign: () => Promise.reject(new Error('no issuer')) }).sign({
      aud: `api://127.0.0.1/${APP_ID}`,
      serviceUrl: 'unused',
      issuer: `https://login.microsoftonline.com/${TENANT_ID}/v2.0`,
      claims: { tid: TENANT_ID, oid: p.teams.aadObjectId, scp: 'access_as_user', preferred_username: p.email },
    });

  /** Opens the tab as Teams would for this person; returns the tab's frame once it has drawn. */
  async function openAs(p: TestPerson, heading: string): Promise<{ page: Page; tab: Frame; token: string }> {
    const t = await token(p);
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // teams-js asks Microsoft's CDN for its list of Teams origins: the test stays on this machine.
    await page.route('https://res.cdn.office.net/**', (route) => route.abort());
    await page.goto(host.urlFor(`${h.service.endpoints.tab}?inTeams=true`, t));
    const tab = page.frames().find((f) => f.url().includes('/tab')) ?? (await (await page.waitForSelector('#tab')).contentFrame());
    if (!tab) throw new Error('the tab did not load in its frame');
    await tab.getByRole('heading', { name: heading, level: 2 }).waitFor({ timeout: 20_000 });
    return { page, tab, token: t };
  }

  async function noAxeViolations(tab: Frame, what: string) {
    await tab.evaluate(AXE);
    const violations = await tab.evaluate(async () => {
      const axe = (
        globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }
      ).axe;
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(violations, what).toEqual([]);
    expect(pageErrors, `${what}: errors in the page`).toEqual([]);
  }

  const pageErrors: string[] = [];
  /** The tab's whole page (a screenshot of the host page would not show the frame's charts). */
  const shot = async (page: Page, name: string) => {
    const tab = page.frames().find((f) => f.url().includes('/tab'));
    await (tab ? tab.locator('body').screenshot({ path: join(SHOTS, `${name}.png`) }) : page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }));
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `The browser test needs Chromium at ${CHROMIUM}: install it (Debian: apt-get install -y chromium), or set SKIP_BROWSER_TESTS=1 to skip it.`,
      );
    rmSync(SHOTS, { recursive: true, force: true });
    mkdirSync(SHOTS, { recursive: true });
    const origin = await host.start();
    h = await startHarness({ teamsAuth: true, env: (issuer) => ({ TAB_SSO_JWKS_URL: `${issuer?.url}/keys`, TAB_FRAME_ANCESTORS: origin }) });
    await seedItemBank(deps());
    staff = await h.addPerson({ name: 'Sam Staff', building: 'Lincoln High', region: 'South' });
    leader = await h.addPerson({ name: 'Lee Leader', building: 'Lincoln High', region: 'South', roles: ['leader'] });
    spanish = await h.addPerson({ name: 'Sofia Espanol', building: 'Lincoln High', region: 'South', language: 'es' });
    arabic = await h.addPerson({ name: 'Amal Arabi', building: 'Lincoln High', region: 'South', language: 'ar' });
    const others: TestPerson[] = [];
    for (const name of ['Ana', 'Ben', 'Cy', 'Di']) others.push(await h.addPerson({ name, building: 'Lincoln High', region: 'South' }));
    // Two closed runs for a trend, and one open survey nobody has answered yet.
    const past = await createSurvey(deps(), {
      title: { en: 'Autumn pulse', es: 'Pulso de otoño' },
      questions: SAMPLE_QUESTIONS,
      audience: { roles: ['staff'] },
      schedule: { kind: 'cron', cron: '0 9 1-7 * 2' },
    });
    for (const likert of ['3', '4']) {
      const { run } = await launchRun(deps(), past.id);
      for (const p of [staff, spanish, arabic, ...others]) await submitResponse(deps(), { runId: run.id, personId: p.id, values: goodValues(likert) });
      await closeRun(deps(), { runId: run.id });
    }
    const open = await createSurvey(deps(), {
      title: { en: 'Winter <pulse>', es: 'Pulso de invierno' },
      questions: SAMPLE_QUESTIONS.slice(0, 2),
      audience: { roles: ['staff'] },
    });
    await launchRun(deps(), open.id);
    // A required course for a building of its own (after the survey went out: no survey there).
    trainee = await h.addPerson({ name: 'Tia Trainee', building: 'Roosevelt High', region: 'North' });
    const services = {
      ...deps(),
      kind: process.env.DATABASE_URL?.startsWith('postgres') ? 'postgresql' : 'sqlite',
      log: createLogger({ level: 'silent' }),
      defaultLocale: 'en',
      timeZone: 'America/Chicago',
      catalog,
      ports: {},
      schedulesChanged: async () => undefined,
      directoryChanged: async () => undefined,
    } as Services;
    await createTrainingCourse(services, {
      key: 'comms',
      title: { en: 'Communication protocol', es: 'Protocolo de comunicación' },
      url: 'https://learn.dmschools.example/comms',
      audience: { buildings: ['Roosevelt High'] },
      due: { kind: 'fixed', date: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10) },
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await host.close();
  });

  it('a staff member sees exactly their tasks, answers the survey with the keyboard, and it is gone', { timeout: 90_000 }, async () => {
    const { page, tab } = await openAs(staff, translate('en', 'home.tasks'));
    const tasks = tab.locator('li.task h3');
    await expect(tasks.allTextContents()).resolves.toEqual(['Winter <pulse>']);
    await expect(tab.getByRole('heading', { name: translate('en', 'home.dashboards') }).count()).resolves.toBe(0);
    await noAxeViolations(tab, 'staff tasks');
    await shot(page, 'staff-tasks');

    const answer = tab.getByRole('button', { name: translate('en', 'home.answerHere') });
    await answer.focus();
    await page.keyboard.press('Enter');
    // The same button now hides the form again, and says so.
    const toggle = tab.locator('li.task button[aria-controls]');
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(toggle.textContent()).resolves.toBe(translate('en', 'home.hideForm'));
    // Sent unanswered: the card's own words, and nothing is sent.
    await tab.getByRole('button', { name: translate('en', 'survey.submit') }).click();
    await expect(tab.getByRole('radio', { name: 'Agree', exact: true }).evaluate((r) => (r as HTMLInputElement).validationMessage)).resolves.toBe(
      translate('en', 'survey.required'),
    );
    await tab.getByRole('radio', { name: 'Agree', exact: true }).check();
    await tab.getByRole('combobox').first().selectOption('8');
    await noAxeViolations(tab, 'the survey form');
    await shot(page, 'staff-form');
    await tab.getByRole('button', { name: translate('en', 'survey.submit') }).focus();
    await page.keyboard.press('Enter');
    await tab.getByText(translate('en', 'home.noTasks')).waitFor();
    await tab.getByRole('status').getByText(translate('en', 'survey-thanks.recorded')).waitFor();
    const run = await h.db.surveyRun.findFirstOrThrow({ where: { status: 'open' } });
    expect(run.answeredCount).toBe(1);
    await shot(page, 'staff-answered');
    await page.close();
  });

  it("a staff member completes a required training from the tab: a link to the course, then I've completed it; the task goes, recorded once", {
    timeout: 90_000,
  }, async () => {
    const { page, tab } = await openAs(trainee, translate('en', 'home.tasks'));
    await expect(tab.locator('li.task h3').allTextContents()).resolves.toEqual(['Communication protocol']);
    const course = tab.getByRole('link', { name: translate('en', 'training.open') });
    await expect(course.getAttribute('href')).resolves.toBe('https://learn.dmschools.example/comms');
    await expect(course.getAttribute('rel')).resolves.toContain('noopener');
    await noAxeViolations(tab, 'training task');
    await shot(page, 'training-task');
    await tab.getByRole('button', { name: translate('en', 'training.markDone') }).click();
    await tab.getByText(translate('en', 'home.noTasks')).waitFor();
    await tab
      .getByRole('status')
      .getByText(translate('en', 'training.marked', { title: 'Communication protocol' }))
      .waitFor();
    expect(await h.db.trainingCompletion.count({ where: { personId: trainee.id } })).toBe(1);
    await shot(page, 'training-done');
    await page.close();
  });

  it("a leader sees their building's dashboard, charts with tables of the same numbers, and cannot fetch another building's", async () => {
    const { page, tab, token: t } = await openAs(leader, translate('en', 'home.dashboards'));
    await tab.getByRole('heading', { name: 'Autumn pulse' }).waitFor();
    await tab
      .getByRole('region', { name: 'Autumn pulse' })
      .getByText(translate('en', 'home.scope', { scope: 'Lincoln High' }))
      .waitFor();
    await expect(tab.locator('figure.chart canvas').count()).resolves.toBeGreaterThanOrEqual(2);
    const trend = tab.getByRole('table', { name: new RegExp(translate('en', 'survey.home.trend').replace(/[()%]/g, '.')) });
    await expect(trend.locator('tbody tr').count()).resolves.toBe(2);
    // Agree (4) is favourable: 0% in the first run, 100% in the second.
    await expect(trend.locator('tbody tr').nth(1).locator('td').first().textContent()).resolves.toBe('100%');
    await expect(trend.locator('tbody tr').nth(0).locator('td').first().textContent()).resolves.toBe('0%');
    await noAxeViolations(tab, 'leader dashboard');
    await shot(page, 'leader-dashboard');
    const other = await tab.evaluate(async (bearer) => {
      const r = await fetch('/tab/api/home?building=Hoover%20High', { headers: { authorization: `Bearer ${bearer}` } });
      return { status: r.status, body: await r.text() };
    }, t);
    expect(other).toEqual({ status: 403, body: JSON.stringify({ error: 'forbidden' }) });
    await page.close();
  });

  it('in Spanish the tab is in Spanish', async () => {
    const { page, tab } = await openAs(spanish, translate('es', 'home.tasks'));
    await expect(tab.evaluate(() => document.documentElement.lang)).resolves.toBe('es');
    await tab.getByRole('heading', { name: 'Pulso de invierno' }).waitFor();
    await noAxeViolations(tab, 'Spanish');
    await shot(page, 'spanish');
    await page.close();
  });

  it('in Arabic the tab reads right to left', async () => {
    const { page, tab } = await openAs(arabic, translate('ar', 'home.tasks'));
    await expect(tab.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).resolves.toEqual(['ar', 'rtl']);
    await expect(tab.locator('main').evaluate((m) => getComputedStyle(m).direction)).resolves.toBe('rtl');
    await noAxeViolations(tab, 'Arabic');
    await shot(page, 'arabic');
    await page.close();
  });

  it('outside Teams the page says to open it in Teams, and shows nothing else', async () => {
    const page = await browser.newPage();
    await page.goto(h.service.endpoints.tab);
    await page.getByText(translate('en', 'home.openInTeams')).waitFor();
    await expect(page.locator('li.task').count()).resolves.toBe(0);
    await shot(page, 'outside-teams');
    await page.close();
  });
});
