// A dashboard chart (Chart.js) with the same numbers as a table beside it. Series differ by
// point shape and line dash as well as colour, the table carries every number, and a hidden
// value (too few answers) is said in words, never drawn as 0.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartData {
  kind: 'line' | 'bar';
  title: string;
  unit: 'percent' | 'count';
  labels: string[];
  series: { label: string; values: (number | null)[] }[];
  missing?: string;
}

/** Colours that keep 3:1 against white, told apart also by shape and dash. */
const COLOURS = ['#1f5fa8', '#b3261e', '#2e7d32', '#6a3fa0', '#8a5300', '#00677f', '#5d4037', '#ad1457'];
const SHAPES = ['circle', 'rect', 'triangle', 'rectRot', 'crossRot', 'star', 'rectRounded', 'cross'] as const;
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3]];

export interface ChartText {
  hidden: string;
  table: string;
}

function formatValue(v: number | null, unit: ChartData['unit'], locale: string, hidden: string): string {
  if (v === null) return hidden;
  return unit === 'percent' ? `${v.toLocaleString(locale, { maximumFractionDigits: 1 })}%` : v.toLocaleString(locale);
}

let seq = 0;

/** A figure with the chart and its table; `rtl` mirrors the legend and the axis. */
export function chartFigure(c: ChartData, opts: { locale: string; rtl: boolean; text: ChartText; headingLevel: number }): HTMLElement {
  const id = `chart-${++seq}`;
  const figure = document.createElement('figure');
  figure.className = 'chart';
  figure.setAttribute('aria-labelledby', `${id}-title`);
  const heading = document.createElement(`h${opts.headingLevel}` as 'h4');
  heading.id = `${id}-title`;
  heading.textContent = c.title;
  figure.append(heading);

  const frame = document.createElement('div');
  frame.className = 'canvas-frame';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${c.title}. ${opts.text.table}.`);
  frame.append(canvas);
  figure.append(frame);

  const table = document.createElement('table');
  const caption = document.createElement('caption');
  caption.textContent = `${c.title}: ${opts.text.table}`;
  const head = document.createElement('tr');
  const corner = document.createElement('td');
  head.append(corner);
  for (const s of c.series) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = s.label;
    head.append(th);
  }
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  c.labels.forEach((label, i) => {
    const tr = document.createElement('tr');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = label;
    tr.append(th);
    for (const s of c.series) {
      const td = document.createElement('td');
      td.textContent = formatValue(s.values[i] ?? null, c.unit, opts.locale, opts.text.hidden);
      tr.append(td);
    }
    tbody.append(tr);
  });
  table.append(caption, thead, tbody);
  const scroll = document.createElement('div');
  scroll.className = 'table-scroll';
  scroll.tabIndex = 0;
  scroll.setAttribute('role', 'region');
  scroll.setAttribute('aria-label', caption.textContent);
  scroll.append(table);
  figure.append(scroll);
  if (c.missing && c.series.some((s) => s.values.some((v) => v === null))) {
    const note = document.createElement('p');
    note.className = 'subtle';
    note.textContent = `${opts.text.hidden}: ${c.missing}`;
    figure.append(note);
  }

  const config: ChartConfiguration = {
    type: c.kind,
    data: {
      labels: c.labels,
      datasets: c.series.map((s, i) => ({
        // The legend keeps a series' start; the table beside the chart has it whole.
        label: s.label.length > 48 ? `${s.label.slice(0, 47)}…` : s.label,
        data: s.values,
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        pointStyle: SHAPES[i % SHAPES.length],
        pointRadius: 5,
        borderDash: c.kind === 'line' ? DASHES[i % DASHES.length] : [],
        spanGaps: false,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      locale: opts.locale,
      indexAxis: c.kind === 'bar' && c.labels.length > 4 ? 'y' : 'x',
      scales: {
        x: {
          reverse: opts.rtl && !(c.kind === 'bar' && c.labels.length > 4),
          ...(c.kind === 'bar' && c.labels.length > 4 ? { min: 0, max: c.unit === 'percent' ? 100 : undefined } : {}),
        },
        y: c.kind === 'bar' && c.labels.length > 4 ? {} : { min: 0, ...(c.unit === 'percent' ? { max: 100 } : {}) },
      },
      plugins: {
        legend: { display: c.series.length > 1, rtl: opts.rtl, labels: { usePointStyle: true } },
        tooltip: { rtl: opts.rtl },
      },
    },
  };
  // Drawn once the figure is in the page (Chart.js measures its container).
  requestAnimationFrame(() => new Chart(canvas, config));
  return figure;
}
