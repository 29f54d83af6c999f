// The Teams personal tab in the browser. In Teams (the tab's URL carries ?inTeams=true) it
// initializes teams-js, asks Teams for the person's single sign-on token and calls the
// service's API with it; anywhere else it says to open it in Teams. Without a Microsoft app id
// (local use) it offers the development sign-in instead, and says so loudly. What the API
// answers (the person's tasks and dashboards) is drawn with textContent only.
import { app, authentication } from '@microsoft/teams-js';
import { cardForm } from './card-form.ts';
import { type ChartData, chartFigure } from './charts.ts';

interface Settings {
  inTeams: boolean;
  development: boolean;
  validOrigins: string[];
  appId?: string;
  lang: string;
  strings: Record<string, Record<string, unknown>>;
}

interface Task {
  key: string;
  title: string;
  kind: string;
  status: string;
  dueText?: string;
  form?: unknown;
  actions: { title: string }[];
  links?: { title: string; url: string }[];
}
interface Dashboard {
  id: string;
  title: string;
  scope: string;
  headline: { label: string; value: string }[];
  charts: ChartData[];
}
interface HomeAnswer {
  person: { name: string };
  locale: string;
  dir: 'ltr' | 'rtl';
  tasks: Task[];
  dashboards: Dashboard[];
  unavailable: string[];
}

const settings = JSON.parse(document.getElementById('tab-settings')?.textContent ?? '{}') as Settings;
let lang = settings.lang;
let credential: string | undefined;
const root = document.getElementById('app') as HTMLElement;

function lookup(strings: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), strings);
}
function t(key: string, params: Record<string, string> = {}): string {
  const raw = lookup(settings.strings[lang], key) ?? lookup(settings.strings.en, key);
  return String(raw ?? key).replace(/\{\{(\w+)\}\}/g, (_, k: string) => params[k] ?? '');
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function setLanguage(locale: string): void {
  lang = settings.strings[locale] ? locale : 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}

/** The page's frame: title, live status line, and the development warning when it applies. */
function frame(): { status: HTMLElement } {
  root.replaceChildren();
  root.append(el('h1', t('title')));
  if (settings.development) root.append(el('p', t('devBanner'), { class: 'dev-banner', role: 'note' }));
  const status = el('p', '', { id: 'status', role: 'status', 'aria-live': 'polite' });
  root.append(status);
  root.removeAttribute('aria-busy');
  return { status };
}

function stop(message: string): void {
  frame().status.textContent = message;
}

async function call<T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(path, { ...init, headers: { ...(init.headers ?? {}), authorization: credential ?? '', 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
}

async function act(task: Task, body: { values: Record<string, string> } | { action: number }): Promise<void> {
  const res = await call<{ messages?: string[] }>('/tab/api/act', {
    method: 'POST',
    body: JSON.stringify({ task: task.key, requestId: crypto.randomUUID(), ...body }),
  });
  if (res.status === 401) return stop(t('notSignedIn'));
  await load((res.body.messages ?? [t('loadFailed')]).join(' '));
}

function taskItem(task: Task): HTMLElement {
  const li = el('li', undefined, { class: 'task' });
  li.append(el('h3', task.title, { dir: 'auto' }));
  const facts = [task.kind, t(`status.${task.status}`), ...(task.dueText ? [t('due', { when: task.dueText })] : [])];
  li.append(el('p', facts.join(' · '), { class: `meta status-${task.status}` }));
  const buttons = el('div', undefined, { class: 'buttons' });
  li.append(buttons);
  if (task.form) {
    const panelId = `panel-${task.key.replace(/[^a-zA-Z0-9_-]/g, '_')}`;
    const open = el('button', t('answerHere'), { type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId });
    const panel = el('div', undefined, { id: panelId, class: 'panel', hidden: '' });
    open.addEventListener('click', () => {
      const opening = panel.hidden;
      if (opening && !panel.firstChild) panel.append(cardForm(task.form, 4, (values) => void act(task, { values })));
      panel.hidden = !opening;
      open.setAttribute('aria-expanded', String(opening));
      open.textContent = opening ? t('hideForm') : t('answerHere');
      if (opening) panel.querySelector<HTMLElement>('input, select, textarea')?.focus();
    });
    buttons.append(open);
    li.append(panel);
  }
  task.actions.forEach((a, i) => {
    const b = el('button', a.title, { type: 'button' });
    b.addEventListener('click', () => void act(task, { action: i }));
    buttons.append(b);
  });
  for (const l of task.links ?? []) {
    // The server sends https links only; a link is never built from anything else.
    if (l.url.startsWith('https://')) buttons.append(el('a', l.title, { href: l.url, target: '_blank', rel: 'noopener noreferrer', class: 'link' }));
  }
  if (settings.inTeams && settings.appId) {
    const chat = el('button', t('openInChat'), { type: 'button', class: 'link' });
    chat.addEventListener('click', () => void app.openLink(`https://teams.microsoft.com/l/chat/0/0?users=28:${settings.appId}`));
    buttons.append(chat);
  }
  return li;
}

function dashboardSection(d: Dashboard, rtl: boolean): HTMLElement {
  const section = el('section', undefined, { class: 'dashboard', 'aria-labelledby': `d-${d.id}` });
  section.append(el('h3', d.title, { id: `d-${d.id}`, dir: 'auto' }), el('p', t('scope', { scope: d.scope }), { class: 'subtle' }));
  const dl = el('dl', undefined, { class: 'headline' });
  for (const h of d.headline) dl.append(el('dt', h.label), el('dd', h.value));
  section.append(dl);
  for (const c of d.charts) section.append(chartFigure(c, { locale: lang, rtl, text: { hidden: t('hidden'), table: t('table') }, headingLevel: 4 }));
  return section;
}

function draw(home: HomeAnswer, message?: string): void {
  setLanguage(home.locale);
  const { status } = frame();
  if (message) {
    // What the action answered, where a screen reader and the keyboard find it next.
    status.textContent = message;
    status.tabIndex = -1;
    status.focus();
  }
  const tasks = el('section', undefined, { 'aria-labelledby': 'tasks-h' });
  tasks.append(el('h2', t('tasks'), { id: 'tasks-h' }));
  if (home.tasks.length === 0) tasks.append(el('p', t('noTasks')));
  else {
    const ul = el('ul', undefined, { class: 'tasks' });
    for (const task of home.tasks) ul.append(taskItem(task));
    tasks.append(ul);
  }
  root.append(tasks);
  if (home.dashboards.length) {
    const ds = el('section', undefined, { 'aria-labelledby': 'dash-h' });
    ds.append(el('h2', t('dashboards'), { id: 'dash-h' }));
    for (const d of home.dashboards) ds.append(dashboardSection(d, home.dir === 'rtl'));
    root.append(ds);
  }
  if (home.unavailable.length) root.append(el('p', t('unavailable'), { role: 'note' }));
}

async function load(message?: string): Promise<void> {
  const res = await call<HomeAnswer>('/tab/api/home');
  if (res.status === 401) return stop(t('notSignedIn'));
  if (res.status !== 200) return stop(t('loadFailed'));
  draw(res.body, message);
}

async function developmentSignIn(): Promise<void> {
  const { status } = frame();
  const res = await call<{ people: { id: string; name: string; roles: string[]; building: string | null }[] }>('/tab/api/dev/people');
  const form = el('form', undefined, { class: 'dev-sign-in' });
  const select = el('select', undefined, { id: 'dev-person' });
  for (const p of res.body.people ?? [])
    select.append(el('option', `${p.name} (${p.roles.join(', ')}${p.building ? `, ${p.building}` : ''})`, { value: p.id }));
  form.append(el('label', t('devPick'), { for: 'dev-person' }), select, el('button', t('devGo'), { type: 'submit', class: 'primary' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    credential = `Dev ${select.value}`;
    void load();
  });
  root.append(form);
  status.textContent = '';
}

async function start(): Promise<void> {
  setLanguage(navigator.language.slice(0, 2) in settings.strings && !new URLSearchParams(location.search).has('lang') ? navigator.language.slice(0, 2) : lang);
  if (settings.development) return developmentSignIn();
  if (!settings.inTeams) return stop(t('openInTeams'));
  frame().status.textContent = t('signingIn');
  try {
    await app.initialize(settings.validOrigins);
    credential = `Bearer ${await authentication.getAuthToken()}`;
  } catch {
    return stop(t('notSignedIn'));
  }
  await load();
  void app.notifySuccess().catch(() => undefined);
}

void start();
