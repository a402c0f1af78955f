// The report of the current or last Threat Scan on Home: threats per day over the scan window,
// totals by level and by category, and the most targeted mailboxes. Live totals while the scan
// runs; the chart and the rankings once it has finished (they are fixed at the end).

import { h, formatNumber, plural, formatDate, fill } from '../ui.js';
import { levelOf, categoryName } from '../labels.js';
import { threatsChart } from './threats-chart.js';
import * as store from '../store.js';
import * as router from '../router.js';

export function createScanReport() {
  const body = h('div', { class: 'report-body' });
  const note = h('p', { class: 'small muted', id: 'report-note' });
  const element = h('section', { class: 'card', id: 'scan-report', 'aria-labelledby': 'scan-report-heading', hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: 'scan-report-heading' }, 'Threat Scan report'), note),
    body);

  let shownFor = null;

  store.on('scan', (scan) => {
    if (!scan) {
      element.hidden = true;
      return;
    }
    // Redraw only when something changed (the poll repeats identical answers).
    const key = `${scan.id}|${scan.status}|${scan.threatsFound}|${scan.messagesScanned}|${scan.report ? 'report' : ''}`;
    if (key === shownFor) return;
    shownFor = key;
    render(scan);
  });

  function render(scan) {
    element.hidden = false;
    const report = scan.report;
    note.textContent = scan.windowStart && scan.windowEnd
      ? `Mail received ${formatDate(scan.windowStart)} to ${formatDate(scan.windowEnd)}` : '';
    fill(body, 
      h('div', { class: 'report-grid' },
        h('div', { class: 'report-chart' },
          h('h3', {}, 'Threats per day'),
          report?.threatsPerDay ? threatsChart(report.threatsPerDay)
            : h('p', { class: 'muted small' }, 'The chart appears when the scan finishes.')),
        h('div', { class: 'report-totals' },
          h('h3', { id: 'totals-level-heading' }, 'By level'),
          totalsList(scan.byLevel, (code) => levelOf(code).text, 'level', 'totals-level-heading', scan.id),
          h('h3', { id: 'totals-category-heading' }, 'By category'),
          totalsList(scan.byCategory, categoryName, 'category', 'totals-category-heading', scan.id))),
      h('div', { class: 'report-grid' },
        ranking('Most targeted mailboxes', report?.topMailboxes, 'mailbox', scan),
        ranking('Top malicious senders', report?.topMaliciousSenders, 'sender', scan)));
  }

  return { element };
}

/** A list of name → count with a proportional bar, each linking to the matching detections. */
function totalsList(counts, nameOf, filter, labelledBy, scanId) {
  const entries = Object.entries(counts ?? {}).filter(([, n]) => Number(n) > 0).sort((a, b) => Number(b[1]) - Number(a[1]));
  if (entries.length === 0) return h('p', { class: 'muted small' }, 'None yet.');
  const max = Math.max(...entries.map(([, n]) => Number(n)));
  return h('ul', { class: 'totals', 'aria-labelledby': labelledBy },
    entries.map(([code, count]) => {
      const fill = h('span', { class: 'total-fill' });
      // CSSOM, not a style attribute: the Content-Security-Policy allows no inline styles.
      fill.style.width = `${Math.max(2, Math.round((Number(count) / max) * 100))}%`;
      return h('li', { 'data-key': code },
        h('a', { href: router.href('detections', null, { scanId, [filter]: code }) }, nameOf(code)),
        h('span', { class: 'total-bar', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'total-count' }, formatNumber(count)));
    }));
}

function ranking(title, rows, filter, scan) {
  const id = `ranking-${filter}`;
  const list = Array.isArray(rows) ? rows : [];
  return h('div', { class: 'report-ranking' },
    h('h3', { id }, title),
    list.length === 0
      ? h('p', { class: 'muted small' }, scan.status === 'RUNNING' ? 'Shown when the scan finishes.' : 'Nothing to rank.')
      : h('ol', { class: 'ranking', 'aria-labelledby': id },
        list.map((row) => h('li', {},
          filter === 'mailbox'
            ? h('a', { href: router.href('detections', null, { scanId: scan.id, mailbox: row.name }) }, row.name)
            : h('span', { class: 'ranking-name' }, row.name),
          h('span', { class: 'ranking-count' }, plural(row.count, 'threat'))))));
}
