// Threats per day over the scan window as an SVG bar chart (drawn here, no library), with a
// text summary for assistive technology and the same numbers as a table on request.

import { h, formatNumber, formatDate, plural } from '../ui.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 8, bottom: 28, left: 32 };

function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value != null) element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child != null) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A <figure> charting `perDay` ({"2026-11-01": 3, ...}, in date order). */
export function threatsChart(perDay, { id = 'threats-chart' } = {}) {
  const days = Object.entries(perDay ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const total = days.reduce((sum, [, count]) => sum + (Number(count) || 0), 0);
  const max = Math.max(1, ...days.map(([, count]) => Number(count) || 0));
  const busiest = days.reduce((best, entry) => ((Number(entry[1]) || 0) > (Number(best?.[1]) || 0) ? entry : best), null);
  const summary = days.length
    ? `${plural(total, 'threat')} over ${plural(days.length, 'day')} from ${formatDate(days[0][0])} to ${formatDate(days[days.length - 1][0])}`
      + (busiest && Number(busiest[1]) > 0 ? `; the busiest day was ${formatDate(busiest[0])} with ${formatNumber(busiest[1])}.` : '.')
    : 'No days to chart.';

  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = days.length ? plotWidth / days.length : plotWidth;
  const barWidth = Math.max(2, slot * 0.7);
  const ticks = niceTicks(max);
  const chart = svg('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
    class: 'chart',
    role: 'img',
    'aria-labelledby': `${id}-title ${id}-desc`,
    preserveAspectRatio: 'none',
  },
  svg('title', { id: `${id}-title` }, 'Threats per day'),
  svg('desc', { id: `${id}-desc` }, summary));

  for (const tick of ticks) {
    const y = PAD.top + plotHeight - (tick / ticks[ticks.length - 1]) * plotHeight;
    chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'chart-grid' }));
    chart.append(svg('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'chart-label' }, formatNumber(tick)));
  }
  const top = ticks[ticks.length - 1];
  days.forEach(([day, count], index) => {
    const value = Number(count) || 0;
    const height = (value / top) * plotHeight;
    const x = PAD.left + index * slot + (slot - barWidth) / 2;
    const bar = svg('rect', {
      x, y: PAD.top + plotHeight - height, width: barWidth, height: Math.max(value ? 1 : 0, height), rx: 2,
      class: 'chart-bar', 'data-day': day, 'data-count': value,
    }, svg('title', {}, `${formatDate(day)}: ${plural(value, 'threat')}`));
    chart.append(bar);
  });
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  days.forEach(([day], index) => {
    if (index % labelEvery !== 0 && index !== days.length - 1) return;
    if (index !== days.length - 1 && days.length - 1 - index < labelEvery / 2) return;
    const x = PAD.left + index * slot + slot / 2;
    chart.append(svg('text', { x, y: HEIGHT - 8, 'text-anchor': 'middle', class: 'chart-label' }, shortDate(day)));
  });

  const table = h('table', { class: 'data-table compact' },
    h('caption', { class: 'visually-hidden' }, 'Threats per day'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col', class: 'num' }, 'Threats'))),
    h('tbody', {}, days.map(([day, count]) => h('tr', {}, h('td', {}, formatDate(day)), h('td', { class: 'num' }, formatNumber(count))))));

  return h('figure', { class: 'chart-figure', id },
    chart,
    h('figcaption', { class: 'small muted' }, summary),
    h('details', { class: 'small' }, h('summary', {}, 'Show the numbers as a table'), table));
}

function shortDate(day) {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : date.toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** 0 and 3–5 evenly spaced round values covering max. */
function niceTicks(max) {
  const steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
  const step = steps.find((s) => max / s <= 4) ?? Math.ceil(max / 4);
  const ticks = [];
  for (let value = 0; value <= max + step - 1; value += step) {
    ticks.push(value);
    if (value >= max) break;
  }
  if (ticks.length < 2) ticks.push(step);
  return ticks;
}
