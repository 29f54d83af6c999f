// A task's card (the Adaptive Card chat sends) as an HTML form in the tab: text, fact sets,
// choice sets (radio buttons or check boxes in a fieldset, or a select), text inputs and
// toggles, with their labels and required marks, and one submit button for the card's
// submitting action. Every text goes in as textContent, never as markup.
type Node_ = Record<string, unknown>;

const isNode = (v: unknown): v is Node_ => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** Card text carries CommonMark escapes (cards/literal.ts); the tab shows the literal text. */
const literal = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

let seq = 0;
const nextId = (base: string) => `f${++seq}-${base.replace(/[^a-zA-Z0-9_-]/g, '_')}`;

function choiceSet(n: Node_): HTMLElement {
  const id = str(n.id);
  const label = literal(str(n.label));
  const choices = (Array.isArray(n.choices) ? n.choices : []).filter(isNode);
  const multi = n.isMultiSelect === true;
  const required = n.isRequired === true;
  if (n.style === 'compact' && !multi) {
    const wrap = el('div', undefined, { class: 'field' });
    const selectId = nextId(id);
    wrap.append(el('label', label + (required ? ' *' : ''), { for: selectId }));
    const select = withMessage(el('select', undefined, { id: selectId, name: id }), n);
    if (required) select.required = true;
    select.append(el('option', '', { value: '' }));
    for (const c of choices) select.append(el('option', literal(str(c.title)), { value: str(c.value) }));
    wrap.append(select);
    return wrap;
  }
  const set = el('fieldset', undefined, { class: 'field' });
  set.append(el('legend', label + (required ? ' *' : '')));
  for (const c of choices) {
    const inputId = nextId(`${id}-${str(c.value)}`);
    const row = el('div', undefined, { class: 'choice' });
    const input = withMessage(el('input', undefined, { type: multi ? 'checkbox' : 'radio', id: inputId, name: id, value: str(c.value) }), n);
    if (required && !multi) input.required = true;
    row.append(input, el('label', literal(str(c.title)), { for: inputId }));
    set.append(row);
  }
  return set;
}

function textInput(n: Node_): HTMLElement {
  const id = str(n.id);
  const inputId = nextId(id);
  const wrap = el('div', undefined, { class: 'field' });
  wrap.append(el('label', literal(str(n.label)) + (n.isRequired === true ? ' *' : ''), { for: inputId }));
  const input =
    n.isMultiline === true ? el('textarea', undefined, { id: inputId, name: id, rows: '4' }) : el('input', undefined, { id: inputId, name: id, type: 'text' });
  if (typeof n.maxLength === 'number') input.setAttribute('maxlength', String(n.maxLength));
  if (n.placeholder) input.setAttribute('placeholder', literal(str(n.placeholder)));
  if (n.isRequired === true) input.required = true;
  wrap.append(input);
  return wrap;
}

function toggle(n: Node_): HTMLElement {
  const id = str(n.id);
  const inputId = nextId(id);
  const row = el('div', undefined, { class: 'field choice' });
  const input = el('input', undefined, { type: 'checkbox', id: inputId, name: id, value: str(n.valueOn) || 'true' });
  row.append(input, el('label', literal(str(n.title) || str(n.label)), { for: inputId }));
  return row;
}

/** The card's own words for an unanswered required input, in the person's language. */
function withMessage<T extends HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(input: T, n: Node_): T {
  const message = literal(str(n.errorMessage));
  if (!message) return input;
  input.addEventListener('invalid', () => input.setCustomValidity(input.validity.valueMissing ? message : ''));
  return input;
}

/** The card's first submit that takes its inputs (the same rule as the server's). */
function submitTitle(card: Node_): string | undefined {
  const queue: unknown[] = [...(Array.isArray(card.actions) ? card.actions : []), ...(Array.isArray(card.body) ? card.body : [])];
  while (queue.length) {
    const n = queue.shift();
    if (!isNode(n)) continue;
    if ((n.type === 'Action.Execute' || n.type === 'Action.Submit') && n.associatedInputs !== 'none') return literal(str(n.title));
    for (const k of ['actions', 'items', 'columns']) if (Array.isArray(n[k])) queue.push(...(n[k] as unknown[]));
  }
  return undefined;
}

function render(nodes: unknown, into: HTMLElement, headingLevel: number): void {
  for (const n of Array.isArray(nodes) ? nodes : []) {
    if (!isNode(n) || n.isVisible === false) continue;
    switch (n.type) {
      case 'TextBlock': {
        const text = literal(str(n.text));
        if (!text) break;
        into.append(n.style === 'heading' ? el(`h${headingLevel}` as 'h4', text) : el('p', text, n.isSubtle === true ? { class: 'subtle' } : {}));
        break;
      }
      case 'FactSet': {
        const dl = el('dl');
        for (const f of (Array.isArray(n.facts) ? n.facts : []).filter(isNode)) dl.append(el('dt', literal(str(f.title))), el('dd', literal(str(f.value))));
        into.append(dl);
        break;
      }
      case 'Input.ChoiceSet':
        into.append(choiceSet(n));
        break;
      case 'Input.Text':
        into.append(textInput(n));
        break;
      case 'Input.Toggle':
        into.append(toggle(n));
        break;
      case 'Container':
        render(n.items, into, headingLevel);
        break;
      case 'ColumnSet':
        for (const c of (Array.isArray(n.columns) ? n.columns : []).filter(isNode)) render(c.items, into, headingLevel);
        break;
      default:
        break;
    }
  }
}

/** The values a submit sends: one string per input (several choices joined by commas, as
 *  Adaptive Cards sends them). */
function valuesOf(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string[]> = {};
  for (const [k, v] of new FormData(form).entries()) values[k] = [...(values[k] ?? []), String(v)];
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.join(',')]));
}

/** The card as a form; `onSubmit` gets its values. */
export function cardForm(card: unknown, headingLevel: number, onSubmit: (values: Record<string, string>) => void): HTMLFormElement {
  const form = el('form', undefined, { class: 'card-form', novalidate: '' });
  if (!isNode(card)) return form;
  render(card.body, form, headingLevel);
  form.append(el('button', submitTitle(card) ?? 'Submit', { type: 'submit', class: 'primary' }));
  // An answer clears the messages (a radio group's message sits on its first button).
  const clear = () => {
    for (const i of form.querySelectorAll<HTMLInputElement>('input, select, textarea')) i.setCustomValidity('');
  };
  form.addEventListener('change', clear);
  form.addEventListener('input', clear);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clear();
    if (!form.reportValidity()) return;
    onSubmit(valuesOf(form));
  });
  return form;
}
