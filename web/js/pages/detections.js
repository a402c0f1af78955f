// Detections: every message Mailmoat flagged. Search, filters (level, category, status, mailbox,
// dates, scan), paging, a detail panel with every reason and its evidence, and multi-select with
// Remove / Release after a confirmation. Filters live in the address (#/detections?level=…), so
// a filtered view can be bookmarked; #/detections/<id> opens a detection's detail.

import { describeError, errorItems, fullError } from '../api.js';
import { call, isConnected } from '../session.js';
import { h, icon, announce, busy, pill, plural, formatNumber, timeElement, progressBar, showInlineError, clearInlineError, formatDate, fill } from '../ui.js';
import { LEVELS, CATEGORIES, DETECTION_STATUSES, DETECTION_SOURCES, ANALYZERS, levelOf, categoryName, detectionStatusOf, historyLabel,
  splitReasons, pageSummary, senderNote, exportQuery, notAThreatWords, blockWords } from '../labels.js';
import { remediate } from '../remediation.js';
import { confirmDialog } from '../dialog.js';
import * as store from '../store.js';
import * as router from '../router.js';
import { createLearningPanel } from '../parts/learning-panel.js';
import { createQuarantineFolders } from '../parts/quarantine-folders.js';

/** A reason's weight in words ("+3 points"); nothing for none. */
function points(weight) {
  const n = Number(weight);
  if (!Number.isFinite(n) || n === 0) return '';
  return `${n > 0 ? '+' : '−'}${formatNumber(Math.abs(n))} ${Math.abs(n) === 1 ? 'point' : 'points'}`;
}

/** What an older scan's list says when a later scan took over its waiting threats (null when none did). */
export function foundAgainNote(scan) {
  const later = scan?.threatsFoundAgainBy;
  if (!later || later === scan.id) return null;
  return {
    scanId: later,
    text: 'Threats of this scan that were still waiting were found again by a later Threat Scan and are listed, and removed, with it now.',
  };
}

const FILTERS = ['q', 'level', 'category', 'status', 'source', 'mailbox', 'sender', 'from', 'to', 'scanId'];
const PAGE_SIZES = [25, 50, 100];

export function createDetectionsPage() {
  // ---- filters ----
  const search = h('input', { type: 'search', id: 'detections-search', 'data-testid': 'detections-search', name: 'q', autocomplete: 'off', placeholder: 'Subject, sender or mailbox' });
  const level = select('filter-level', 'Any level', Object.entries(LEVELS).filter(([k]) => k !== 'CLEAN').map(([k, v]) => [k, v.text]));
  const category = select('filter-category', 'Any category', Object.entries(CATEGORIES));
  const status = select('filter-status', 'Any status', Object.entries(DETECTION_STATUSES).map(([k, v]) => [k, v.text]));
  const source = select('filter-source', 'Any way', Object.entries(DETECTION_SOURCES));
  const mailbox = h('input', { type: 'text', id: 'filter-mailbox', name: 'mailbox', autocomplete: 'off', placeholder: 'name@company.com', spellcheck: 'false' });
  const sender = h('input', { type: 'text', id: 'filter-sender', name: 'sender', autocomplete: 'off', placeholder: 'name@sender.com or sender.com', spellcheck: 'false' });
  const from = h('input', { type: 'date', id: 'filter-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'filter-to', name: 'to' });
  const clear = h('button', { type: 'button', class: 'btn btn-quiet', id: 'filters-clear' }, 'Clear filters');
  // On a phone the seven filters would fill the first screen: they wait behind "More filters".
  const moreFilters = h('button', { type: 'button', class: 'btn btn-quiet filters-toggle', id: 'filters-toggle',
    'aria-expanded': 'false', 'aria-controls': 'detections-filters' }, 'More filters');
  const filterForm = h('form', { class: 'filters', id: 'detections-filters', role: 'search', 'aria-label': 'Search and filter detections', novalidate: true },
    h('div', { class: 'field field-search' }, h('label', { for: 'detections-search' }, 'Search'), search),
    field('filter-level', 'Level', level),
    field('filter-category', 'Category', category),
    field('filter-status', 'Status', status),
    field('filter-source', 'Found by', source),
    field('filter-mailbox', 'Mailbox', mailbox),
    field('filter-sender', 'Sender', sender),
    field('filter-from', 'Received from', from),
    field('filter-to', 'Received to', to),
    h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, icon('search'), 'Search'), moreFilters, clear));
  function showMoreFilters(open) {
    filterForm.classList.toggle('filters-open', open);
    moreFilters.setAttribute('aria-expanded', String(open));
    moreFilters.textContent = open ? 'Fewer filters' : 'More filters';
  }
  moreFilters.addEventListener('click', () => showMoreFilters(!filterForm.classList.contains('filters-open')));
  const scanChip = h('p', { class: 'chip-row', id: 'scan-filter', hidden: true });
  const filterError = h('div', { class: 'part-error', hidden: true });

  // ---- selection toolbar ----
  const selectedCount = h('span', { id: 'selected-count', class: 'selected-count', 'aria-live': 'polite' }, 'No messages selected');
  const removeSelected = h('button', { type: 'button', class: 'btn btn-danger btn-small', id: 'remove-selected', disabled: true }, 'Remove');
  const releaseSelected = h('button', { type: 'button', class: 'btn btn-small', id: 'release-selected', disabled: true }, 'Release');
  const clearSelection = h('button', { type: 'button', class: 'btn btn-quiet btn-small', id: 'clear-selection', disabled: true }, 'Clear selection');
  // Shown while the list is filtered to what is in quarantine (status Removed): every such message, not just this page.
  const releaseAll = h('button', { type: 'button', class: 'btn btn-small', id: 'release-all-quarantine', 'data-testid': 'release-all-quarantine', hidden: true },
    'Release all in quarantine');
  const releaseAllResult = h('p', { class: 'small', id: 'release-all-result', role: 'status' });
  const jobLine = h('div', { class: 'job-line', id: 'detections-job', role: 'status', hidden: true });
  const jobBar = progressBar({ label: 'Progress of the removal or release', tone: 'success' });
  const jobText = h('span', {});
  jobLine.append(jobText, jobBar.element);
  const toolbar = h('div', { class: 'toolbar', id: 'detections-toolbar' },
    selectedCount, removeSelected, releaseSelected, clearSelection, releaseAll);

  // ---- table ----
  const selectAll = h('input', { type: 'checkbox', id: 'select-all', 'aria-label': 'Select every detection on this page' });
  const tbody = h('tbody', { id: 'detections-body' });
  const table = h('table', { class: 'data-table detections-table', id: 'detections-table', 'aria-busy': 'false' },
    // Not just "Detections": the page's own landmark has that name, and two landmarks may not share one.
    h('caption', { class: 'visually-hidden', id: 'detections-caption' }, 'Detections, newest first'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'check' }, selectAll),
      h('th', { scope: 'col' }, 'Received'),
      h('th', { scope: 'col' }, 'From'),
      h('th', { scope: 'col' }, 'Subject'),
      h('th', { scope: 'col' }, 'Mailbox'),
      h('th', { scope: 'col' }, 'Level'),
      h('th', { scope: 'col' }, 'Categories'),
      h('th', { scope: 'col' }, 'Status'))),
    tbody);
  const listError = h('div', { class: 'part-error', hidden: true });

  // ---- paging ----
  const previous = h('button', { type: 'button', class: 'btn btn-small', id: 'page-previous', disabled: true }, 'Previous');
  const next = h('button', { type: 'button', class: 'btn btn-small', id: 'page-next', disabled: true }, 'Next');
  const pageInfo = h('span', { class: 'small muted', id: 'page-info', 'aria-live': 'polite' });
  const pageSize = h('select', { id: 'page-size' }, PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === 50 }, String(n))));
  // Every detection the filters match, not just this page (the API stops at 10,000 and says so in the file).
  const exportLink = h('a', { class: 'btn btn-quiet btn-small', id: 'detections-export', href: '/api/detections/export', download: 'mailmoat-detections.csv' }, 'Export CSV');
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of detections' },
    previous, pageInfo, next,
    h('span', { class: 'page-size' }, h('label', { for: 'page-size' }, 'Per page'), pageSize),
    exportLink);

  // ---- detail panel ----
  const detail = h('aside', { class: 'detail-panel', id: 'detection-detail', 'aria-labelledby': 'detail-heading', hidden: true, tabindex: '-1' });

  // ---- learning ----
  const learning = createLearningPanel();
  // In the quarantine view (status Removed): mailboxes whose quarantine folder their users can see.
  const quarantineFolders = createQuarantineFolders({ idPrefix: 'detections-quarantine-folders' });

  const heading = h('h1', { id: 'detections-heading', tabindex: '-1' }, 'Detections');
  const view = h('section', { id: 'detections-view', class: 'view', hidden: true, 'aria-labelledby': 'detections-heading' },
    h('div', { class: 'overview' }, h('div', {}, heading,
      h('p', { class: 'muted' }, 'Every message Mailmoat flagged, newest first. Select messages to remove them to quarantine, or to release them back.'))),
    h('section', { class: 'card', 'aria-label': 'Filters' }, filterForm, scanChip, filterError),
    quarantineFolders.element,
    h('div', { class: 'detections-layout' },
      h('section', { class: 'card detections-list', 'aria-labelledby': 'detections-caption' }, toolbar, releaseAllResult, jobLine, listError,
        h('div', { class: 'table-scroll' }, table), pager),
      detail),
    learning.element);

  // ---- state ----
  let filters = {};
  let cursors = [null];
  let pageIndex = 0;
  let nextCursor = null;
  let total = null;
  let items = [];
  const selected = new Map();
  let detailId = null;
  let loadedKey = null;
  let requestSeq = 0;
  let debounce = null;
  // The removal or release started from this page while it shows: its line stays once it is done, until
  // the page is left (a finished job of an earlier visit is not news).
  let watchedJobId = null;
  // The detection whose detail was just closed: its row gets focus back, also once the list is redrawn.
  let focusAfterClose = null;

  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilters(readForm());
  });
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => applyFilters(readForm()), 400);
  });
  for (const control of [level, category, status, from, to]) {
    control.addEventListener('change', () => applyFilters(readForm()));
  }
  mailbox.addEventListener('change', () => applyFilters(readForm()));
  sender.addEventListener('change', () => applyFilters(readForm()));
  clear.addEventListener('click', () => {
    applyFilters({});
    search.focus();
  });
  previous.addEventListener('click', () => {
    if (pageIndex === 0) return;
    pageIndex -= 1;
    load();
  });
  next.addEventListener('click', () => {
    if (!nextCursor) return;
    cursors = cursors.slice(0, pageIndex + 1);
    cursors.push(nextCursor);
    pageIndex += 1;
    load();
  });
  pageSize.addEventListener('change', () => {
    resetPaging();
    load();
  });
  selectAll.addEventListener('change', () => {
    for (const item of items) {
      if (selectAll.checked) selected.set(item.id, item);
      else selected.delete(item.id);
    }
    for (const box of tbody.querySelectorAll('input[type="checkbox"]')) box.checked = selectAll.checked;
    renderSelection();
  });
  clearSelection.addEventListener('click', () => {
    selected.clear();
    for (const box of tbody.querySelectorAll('input[type="checkbox"]')) box.checked = false;
    renderSelection();
  });
  removeSelected.addEventListener('click', () => act('REMOVE', [...selected.values()], removeSelected));
  releaseSelected.addEventListener('click', () => act('RELEASE', [...selected.values()], releaseSelected));
  releaseAll.addEventListener('click', () => releaseEverything());
  detail.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeDetail();
  });

  store.on('detections:stale', () => {
    if (!view.hidden) {
      load();
      if (detailId) openDetail(detailId, { focus: false });
    } else {
      loadedKey = null; // reload when shown again
    }
  });
  store.on('remediation', (job) => renderJob(job));

  function readForm() {
    return {
      q: search.value.trim(),
      level: level.value,
      category: category.value,
      status: status.value,
      source: source.value,
      mailbox: mailbox.value.trim(),
      sender: sender.value.trim(),
      from: from.value,
      to: to.value,
      scanId: filters.scanId ?? '',
    };
  }

  function applyFilters(next_) {
    const clean = {};
    for (const key of FILTERS) if (next_[key]) clean[key] = next_[key];
    router.go(router.href('detections', null, clean), { replace: false });
  }

  function fillForm() {
    // Leave the search box alone while it is being typed in (the route follows it, not the reverse).
    if (!(document.activeElement === search && search.value.trim() === (filters.q ?? ''))) search.value = filters.q ?? '';
    level.value = filters.level ?? '';
    category.value = filters.category ?? '';
    status.value = filters.status ?? '';
    source.value = filters.source ?? '';
    mailbox.value = filters.mailbox ?? '';
    sender.value = filters.sender ?? '';
    from.value = filters.from ?? '';
    to.value = filters.to ?? '';
    // A filter in force is never hidden.
    if (['level', 'category', 'status', 'source', 'mailbox', 'sender', 'from', 'to'].some((key) => filters[key])) showMoreFilters(true);
    scanChip.hidden = !filters.scanId;
    if (filters.scanId) {
      const scan = store.get('scan');
      const when = scan && scan.id === filters.scanId && scan.startedAt ? ` started ${formatDate(scan.startedAt)}` : '';
      const withoutScan = { ...filters };
      delete withoutScan.scanId;
      fill(scanChip,
        h('span', { class: 'chip', id: 'scan-filter-chip' }, `Threats of the Threat Scan${when}`),
        h('a', { href: router.href('detections', null, withoutScan), id: 'scan-filter-clear' }, 'Show detections of every scan'));
      showWhereThreatsMoved(filters.scanId);
    }
  }

  /** An older scan (an old report's link) whose waiting threats a later scan found again: say so and link there. */
  async function showWhereThreatsMoved(scanId) {
    try {
      const { data } = await call(`/api/scans/${encodeURIComponent(scanId)}`);
      if (filters.scanId !== scanId) return;
      // The chip names the scan by its start also when it is not the one Home follows (an older scan).
      const chip = scanChip.querySelector('#scan-filter-chip');
      if (chip && data?.startedAt) chip.textContent = `Threats of the Threat Scan started ${formatDate(data.startedAt)}`;
      const note = foundAgainNote(data);
      if (!note) return;
      scanChip.append(h('p', { class: 'notice', id: 'scan-found-again', role: 'status' }, note.text, ' ',
        h('a', { href: router.href('detections', null, { ...filters, scanId: note.scanId }), id: 'scan-found-again-link' },
          'Show them with the later scan')));
    } catch (error) {
      // The list still shows what this scan holds; the pointer is a help, not a requirement.
    }
  }

  function resetPaging() {
    cursors = [null];
    pageIndex = 0;
  }

  async function load() {
    const seq = ++requestSeq;
    const query = new URLSearchParams();
    for (const key of FILTERS) if (filters[key]) query.set(key, filters[key]);
    query.set('limit', pageSize.value);
    if (cursors[pageIndex]) query.set('cursor', cursors[pageIndex]);
    const exported = exportQuery(filters, FILTERS);
    exportLink.href = `/api/detections/export${exported ? `?${exported}` : ''}`;
    table.setAttribute('aria-busy', 'true');
    try {
      const { data } = await call(`/api/detections?${query}`);
      if (seq !== requestSeq) return;
      items = Array.isArray(data?.items) ? data.items : [];
      nextCursor = data?.nextCursor ?? null;
      total = Number.isInteger(data?.total) ? data.total : null;
      clearInlineError(listError);
      clearInlineError(filterError);
      renderRows();
    } catch (error) {
      if (seq !== requestSeq || error.status === 401) return;
      const sentence = describeError(error);
      const items_ = errorItems(error);
      if (error.status === 400) {
        showInlineError(filterError, `${sentence} ${items_.join(' ')}`.trim());
      } else {
        // The rows of the filters before would read as the answer to these: the list stays empty until Try again.
        items = [];
        nextCursor = null;
        tbody.replaceChildren();
        pageInfo.textContent = '';
        previous.disabled = true;
        next.disabled = true;
        showInlineError(listError, `Detections could not be loaded: ${sentence}`, { retry: load });
      }
    } finally {
      if (seq === requestSeq) table.setAttribute('aria-busy', 'false');
    }
  }

  function renderRows() {
    tbody.replaceChildren();
    if (items.length === 0) {
      const filtered = FILTERS.some((key) => filters[key]);
      tbody.append(h('tr', { class: 'empty-row', id: 'detections-empty' }, h('td', { colspan: '8' },
        filtered ? 'No detections match these filters.'
          : isConnected() ? 'No detections yet. Threats found by a Threat Scan show up here.'
            // Before consent there is nothing to scan: say what comes first and where.
            : ['Connect Microsoft 365 first: Mailmoat scans your mailboxes once it is connected, and the threats it finds show up here. ',
              h('a', { href: router.href('home'), id: 'detections-connect-link' }, 'Connect on Home')])));
    }
    for (const item of items) tbody.append(row(item));
    const first = pageIndex * Number(pageSize.value) + 1;
    pageInfo.textContent = pageSummary(first, items.length, Boolean(nextCursor), total);
    previous.disabled = pageIndex === 0;
    next.disabled = !nextCursor;
    selectAll.checked = items.length > 0 && items.every((item) => selected.has(item.id));
    renderSelection();
    markOpenRow();
    if (focusAfterClose) {
      const lost = !document.activeElement || document.activeElement === document.body;
      if (lost && !view.hidden) returnFocus();
      focusAfterClose = null;
    }
  }

  function row(item) {
    const lvl = levelOf(item.level);
    const st = detectionStatusOf(item.status);
    const box = h('input', { type: 'checkbox', class: 'row-select', 'aria-label': `Select “${item.subject || '(no subject)'}” from ${item.sender}` });
    box.checked = selected.has(item.id);
    box.addEventListener('change', () => {
      if (box.checked) selected.set(item.id, item);
      else selected.delete(item.id);
      selectAll.checked = items.every((i) => selected.has(i.id));
      renderSelection();
    });
    return h('tr', { 'data-testid': 'detection-row', 'data-id': item.id, 'data-status': item.status, 'data-level': item.level },
      h('td', { class: 'check' }, box),
      h('td', { class: 'nowrap' }, timeElement(item.receivedAt)),
      h('td', {}, h('span', { class: 'sender-name' }, item.senderName || item.sender), item.senderName ? h('span', { class: 'small muted block' }, item.sender) : null),
      h('td', { class: 'subject' }, h('a', { href: router.href('detections', item.id, filters), class: 'detection-link' }, item.subject || '(no subject)')),
      h('td', { class: 'small' }, ...addressParts(item.mailbox)),
      h('td', {}, pill(lvl.text, lvl.tone)),
      h('td', { class: 'small' }, (item.categories ?? []).map(categoryName).join(', ')),
      h('td', {}, pill(st.text, st.tone)));
  }

  function renderSelection() {
    const count = selected.size;
    selectedCount.textContent = count ? `${plural(count, 'message')} selected` : 'No messages selected';
    const running = store.get('remediation')?.status === 'RUNNING';
    removeSelected.disabled = count === 0 || running;
    releaseSelected.disabled = count === 0 || running;
    clearSelection.disabled = count === 0;
    releaseAll.hidden = filters.status !== 'REMOVED';
    releaseAll.disabled = running;
  }

  /** Release all in quarantine: counted by the API first, so the confirmation says how many. */
  async function releaseEverything() {
    releaseAllResult.textContent = '';
    let preview;
    const done = busy(releaseAll, 'Counting…');
    try {
      ({ data: preview } = await call('/api/remediations/preview?inQuarantine=true'));
    } catch (error) {
      if (error.status !== 401) releaseAllResult.textContent = fullError(error);
      return;
    } finally {
      done();
    }
    const total = Number(preview?.total) || 0;
    if (total === 0) {
      releaseAllResult.textContent = 'Nothing is in quarantine: there is no message to release.';
      return;
    }
    try {
      const job = await remediate('RELEASE', { inQuarantine: true }, total, releaseAll, { preview });
      if (job) announce(`Releasing ${plural(job.total ?? total, 'message')} from quarantine…`, 'info');
    } catch (error) {
      if (error.status !== 401) releaseAllResult.textContent = fullError(error);
    } finally {
      renderSelection();
    }
  }

  /** Remove or Release these detections (list items or a detection's detail), after the confirmation. */
  async function act(action, chosen, button) {
    const ids = chosen.map((d) => d.id);
    if (ids.length === 0) return;
    try {
      const job = await remediate(action, { detectionIds: ids }, ids.length, button, { detections: chosen });
      if (job) {
        watchedJobId = job.id ?? null;
        selected.clear();
        renderRows();
        announce(`${action === 'REMOVE' ? 'Removing' : 'Releasing'} ${plural(ids.length, 'message')}…`, 'info');
      }
    } catch (error) {
      if (error.status !== 401) {
        announce(error.status === 404 || error.status === 405
          ? 'Removing and releasing messages is not available on this server yet.'
          : describeError(error), 'error', errorItems(error));
      }
    } finally {
      renderSelection();
    }
  }

  /** "Not a threat": confirmed first, saying what it does (more strongly for malicious mail, and that malware is not learnt). */
  async function markNotAThreat(d, button) {
    const words = notAThreatWords(d);
    const ok = await confirmDialog({
      title: words.title,
      body: words.paragraphs.map((text) => h('p', {}, text)),
      confirmLabel: words.confirmLabel,
      danger: words.danger,
      acknowledge: words.acknowledge,
    });
    if (!ok) return;
    const done = busy(button, 'Saving…');
    try {
      const { data } = await call(`/api/detections/${encodeURIComponent(d.id)}/not-a-threat`, { method: 'POST', body: {} });
      announce(words.acknowledge
        ? 'Marked as not a threat. It carries malware, so Mailmoat does not learn from it.'
        : 'Marked as not a threat. Mailmoat learns it in a moment; similar messages are judged accordingly from the next scan.', 'success');
      store.set('learning:stale', data?.key || Date.now());
      store.emit('detections:stale');
    } catch (error) {
      if (error.status !== 401) announce(describeError(error), 'error', errorItems(error));
    } finally {
      done();
    }
  }

  function renderJob(job) {
    if (job?.status === 'RUNNING' && !view.hidden) watchedJobId = job.id;
    if (!job || (job.status !== 'RUNNING' && job.id !== watchedJobId)) {
      jobLine.hidden = true;
      renderSelection();
      return;
    }
    const total = Number(job.total) || 0;
    const doneCount = Number(job.done) || 0;
    const running = job.status === 'RUNNING';
    const verb = job.action === 'RELEASE' ? 'Releasing' : 'Removing';
    jobLine.hidden = false;
    jobText.textContent = running
      ? `${verb} ${plural(total, 'message')}: ${formatNumber(doneCount)} done.`
      : `${job.action === 'RELEASE' ? 'Released' : 'Removed'}: ${formatNumber(Math.max(0, doneCount - (job.alreadyGone ?? 0) - (job.failed ?? 0)))} of ${formatNumber(total)}`
        + `${job.alreadyGone ? `, ${formatNumber(job.alreadyGone)} already gone` : ''}${job.failed ? `, ${formatNumber(job.failed)} failed` : ''}.`;
    jobBar.update(running ? (total ? (doneCount / total) * 100 : 0) : 100);
    renderSelection();
  }

  // ---- detail ----
  async function openDetail(id, { focus = true } = {}) {
    detailId = id;
    markOpenRow();
    detail.hidden = false;
    view.classList.add('with-detail');
    if (!detail.dataset.id || detail.dataset.id !== id) {
      fill(detail, h('p', { class: 'muted' }, 'Loading the detection…'));
    }
    try {
      const { data } = await call(`/api/detections/${encodeURIComponent(id)}`);
      if (detailId !== id) return;
      renderDetail(data);
      if (focus) document.getElementById('detail-heading')?.focus();
    } catch (error) {
      if (error.status === 401 || detailId !== id) return;
      const failure = h('div', {});
      if (error.status === 404) {
        failure.append(h('p', { class: 'inline-error', role: 'alert' }, 'This detection does not exist, or belongs to another account.'));
      } else {
        showInlineError(failure, `The detection could not be loaded: ${describeError(error)}`, { retry: () => openDetail(id) });
      }
      fill(detail, closeButton(), h('h2', { id: 'detail-heading', tabindex: '-1' }, 'Detection'), failure);
    }
  }

  function closeDetail() {
    router.go(router.href('detections', null, filters));
  }

  function hideDetail() {
    const wasOpen = detailId;
    detailId = null;
    detail.hidden = true;
    detail.dataset.id = '';
    view.classList.remove('with-detail');
    markOpenRow();
    if (wasOpen) {
      // Back to the row the detail was opened from; the list may be redrawn after this (Back to other
      // filters), so renderRows() puts focus there again, or on the heading when the row is gone.
      focusAfterClose = wasOpen;
      returnFocus();
    }
  }

  function returnFocus() {
    const link = tbody.querySelector(`tr[data-id="${CSS.escape(focusAfterClose)}"] a`);
    if (link) link.focus();
    else heading.focus();
  }

  function markOpenRow() {
    for (const tr of tbody.querySelectorAll('tr[data-id]')) {
      const open = tr.dataset.id === detailId;
      tr.classList.toggle('is-open', open);
      tr.querySelector('a')?.setAttribute('aria-current', open ? 'true' : 'false');
    }
  }

  function closeButton() {
    const button = h('button', { type: 'button', class: 'icon-button detail-close', id: 'detail-close', 'aria-label': 'Close the detection' }, icon('cross'));
    button.addEventListener('click', closeDetail);
    return button;
  }

  function renderDetail(d) {
    detail.dataset.id = d.id;
    const lvl = levelOf(d.level);
    const st = detectionStatusOf(d.status);
    const { flagged, inFavour } = splitReasons(d.reasons);
    const history = Array.isArray(d.history) ? d.history : [];
    const removeOne = h('button', { type: 'button', class: 'btn btn-danger btn-small', id: 'detail-remove', disabled: d.status === 'REMOVED' }, 'Remove');
    const releaseOne = h('button', { type: 'button', class: 'btn btn-small', id: 'detail-release', disabled: d.status !== 'REMOVED' }, 'Release');
    // Only a message still waiting for a decision: a removed one is released to say it is wanted.
    const notThreat = h('button', { type: 'button', class: 'btn btn-small', id: 'detail-not-a-threat', 'data-testid': 'not-a-threat', disabled: d.status !== 'DETECTED' }, 'Not a threat');
    removeOne.addEventListener('click', () => act('REMOVE', [d], removeOne));
    releaseOne.addEventListener('click', () => act('RELEASE', [d], releaseOne));
    notThreat.addEventListener('click', () => markNotAThreat(d, notThreat));
    const hasSender = typeof d.sender === 'string' && d.sender.includes('@');
    const removeSender = h('button', { type: 'button', class: 'btn btn-danger btn-small', id: 'detail-remove-sender', disabled: !hasSender },
      'Remove all from this sender');
    const blockSender = h('button', { type: 'button', class: 'btn btn-small', id: 'detail-block-sender', disabled: !hasSender }, 'Block sender');
    const allowSender = h('button', { type: 'button', class: 'btn btn-small', id: 'detail-allow-sender', disabled: !hasSender }, 'Allow sender');
    const senderResult = h('p', { class: 'small', id: 'detail-sender-result', role: 'status' });
    removeSender.addEventListener('click', () => removeAllFrom(d.sender, removeSender, senderResult));
    blockSender.addEventListener('click', () => block(d, blockSender, senderResult));
    allowSender.addEventListener('click', () => allow(d, allowSender, senderResult));
    fill(detail, 
      closeButton(),
      h('p', { class: 'eyebrow' }, 'Detection'),
      h('h2', { id: 'detail-heading', tabindex: '-1' }, d.subject || '(no subject)'),
      h('div', { class: 'pill-row' }, pill(lvl.text, lvl.tone), pill(st.text, st.tone),
        (d.categories ?? []).map((c) => pill(categoryName(c), 'info'))),
      h('dl', { class: 'detail-list' },
        dt('From', h('span', {}, d.senderName ? `${d.senderName} <${d.sender}>` : d.sender,
          hasSender ? h('a', { class: 'small block', id: 'detail-sender-filter', href: router.href('detections', null, { sender: d.sender }) },
            'Show every message from this sender') : null)),
        dt('Mailbox', d.mailbox),
        dt('Received', timeElement(d.receivedAt)),
        d.detectedAt ? dt('Detected', timeElement(d.detectedAt)) : null,
        dt('Score', d.source === 'REPORTED' ? 'None: reported by your organisation'
          : `${formatNumber(d.score)} points, from the reasons below`),
        dt('Found by', d.source === 'SCAN' ? 'Threat Scan' : (d.source === 'REAL_TIME' ? 'Real-time check'
          : d.source === 'REPORTED' ? 'Reported as a missed threat' : d.source ?? '')),
        dt('Message ID', h('code', { class: 'wrap' }, d.internetMessageId ?? ''))),
      h('div', { class: 'detail-actions' }, removeOne, releaseOne, notThreat),
      h('div', { class: 'detail-actions', role: 'group', 'aria-label': 'This sender' }, removeSender, blockSender, allowSender),
      senderResult,
      h('h3', { id: 'reasons-heading' }, `Why it was flagged (${plural(flagged.length, 'reason')})`),
      flagged.length === 0 ? h('p', { class: 'muted small' }, 'No reasons with points were recorded.')
        : h('ol', { class: 'reasons', id: 'detection-reasons', 'aria-labelledby': 'reasons-heading' }, flagged.map(reasonItem)),
      inFavour.length ? h('h3', { id: 'favour-heading' }, `In its favour (${plural(inFavour.length, 'check')})`) : null,
      inFavour.length ? h('p', { class: 'small muted' }, 'Checks the message passed: they added no points.') : null,
      inFavour.length ? h('ul', { class: 'reasons', id: 'detection-favour', 'aria-labelledby': 'favour-heading' }, inFavour.map(reasonItem)) : null,
      history.length ? h('h3', { id: 'history-heading' }, 'History') : null,
      history.length ? h('ol', { class: 'history', 'aria-labelledby': 'history-heading' }, history.map(historyItem)) : null);
  }

  /** Remove all from this sender: counted by the API first, so the confirmation says how many. */
  async function removeAllFrom(address, button, result) {
    result.textContent = '';
    let total;
    const done = busy(button, 'Counting…');
    try {
      const { data } = await call(`/api/remediations/preview?${new URLSearchParams({ sender: address })}`);
      total = Number(data?.total) || 0;
    } catch (error) {
      if (error.status !== 401) result.textContent = fullError(error);
      return;
    } finally {
      done();
    }
    if (total === 0) {
      result.textContent = `No message from ${address} is waiting to be removed.`;
      return;
    }
    try {
      const job = await remediate('REMOVE', { sender: address }, total, button);
      if (job) announce(`Removing ${plural(job.total ?? total, 'message')} from ${address}…`, 'info');
    } catch (error) {
      if (error.status !== 401) result.textContent = fullError(error);
    }
  }

  /** Block sender: confirmed first (what blocking does, where it is undone); then on the Blocked list with a note. */
  async function block(d, button, result) {
    result.textContent = '';
    const words = blockWords(d);
    const ok = await confirmDialog({ title: words.title, body: words.paragraphs.map((text) => h('p', {}, text)), confirmLabel: words.confirmLabel });
    if (!ok) return;
    await addToList('blocked', d, button, result, {
      busyText: 'Blocking…',
      added: (value) => `${value} is now on the Blocked senders list (Policies). Messages already delivered stay until removed.`,
      listed: (value) => `${value} is already on the Blocked senders list.`,
      refused: 'Not blocked',
    });
  }

  /**
   * Allow sender: confirmed first, because an allow entry lets this sender's mail through checks that
   * flagged it; what it still does not let through is said before, not discovered later.
   */
  async function allow(d, button, result) {
    result.textContent = '';
    const ok = await confirmDialog({
      title: `Allow ${d.sender}?`,
      body: [
        `Mail from ${d.sender} will no longer be flagged as spam, bulk mail, impersonation or phishing, in every mailbox.`,
        'Malware and high-confidence phishing are still caught, and so is mail that fails sender authentication (SPF, DKIM, DMARC): someone pretending to be this sender is not let through.',
        d.status === 'REMOVED' ? 'This message stays in quarantine: release it to return it to the mailbox.' : '',
      ].filter(Boolean).map((text) => h('p', {}, text)),
      confirmLabel: 'Allow sender',
    });
    if (!ok) return;
    await addToList('permitted', d, button, result, {
      busyText: 'Allowing…',
      added: (value) => `${value} is now on the Allowed senders list (Policies). It applies to mail checked from now on.`,
      listed: (value) => `${value} is already on the Allowed senders list.`,
      refused: 'Not allowed',
    });
  }

  async function addToList(list, d, button, result, words) {
    result.textContent = '';
    const done = busy(button, words.busyText);
    try {
      const { data } = await call(`/api/sender-lists/${list}/entries`, { method: 'POST',
        body: { value: d.sender, note: senderNote(d, { allowed: list === 'permitted' }) } });
      const value = data?.entry?.value ?? d.sender;
      result.textContent = data?.alreadyListed ? words.listed(value) : words.added(value);
    } catch (error) {
      // The API's own words: its own domain, on the other list, a free-mail domain, not an address…
      if (error.status !== 401) result.textContent = `${words.refused}: ${fullError(error)}`;
    } finally {
      done();
    }
  }

  function historyItem(entry) {
    return h('li', { 'data-outcome': entry.outcome ?? null },
      h('strong', {}, historyLabel(entry)),
      entry.by ? ` by ${entry.by}` : '', ' · ', timeElement(entry.at),
      entry.reason && entry.outcome !== 'DONE' ? h('span', { class: 'small muted' }, ` (${entry.reason})`) : null);
  }

  function reasonItem(reason) {
    const evidence = Array.isArray(reason.evidence) ? reason.evidence
      : reason.evidence && typeof reason.evidence === 'object' ? Object.entries(reason.evidence).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        : reason.evidence ? [String(reason.evidence)] : [];
    return h('li', { class: 'reason', 'data-rule': reason.rule ?? null },
      h('p', { class: 'reason-message' }, reason.message ?? reason.rule ?? ''),
      h('p', { class: 'small muted' }, [ANALYZERS[reason.analyzer] ?? reason.analyzer, points(reason.weight)].filter(Boolean).join(' · ')),
      evidence.length ? h('div', { class: 'evidence' },
        h('p', { class: 'small evidence-label' }, 'Evidence'),
        h('ul', { class: 'evidence-list' }, evidence.map((e) => h('li', {}, h('code', { class: 'wrap' }, typeof e === 'string' ? e : JSON.stringify(e)))))) : null);
  }

  return {
    view,
    title: 'Detections',
    heading,
    show(route) {
      view.hidden = false;
      learning.load();
      const wanted = {};
      for (const key of FILTERS) if (route.params.get(key)) wanted[key] = route.params.get(key);
      const key = JSON.stringify(wanted);
      if (key !== loadedKey) {
        loadedKey = key;
        filters = wanted;
        fillForm();
        resetPaging();
        selected.clear();
        load();
        if (filters.status === 'REMOVED') quarantineFolders.load();
        else quarantineFolders.element.hidden = true;
      }
      if (route.id) openDetail(route.id);
      else if (detailId) hideDetail();
      renderJob(store.get('remediation'));
    },
    hide() {
      view.hidden = true;
      watchedJobId = null;
    },
  };
}

function select(id, anyLabel, entries) {
  return h('select', { id, name: id.replace('filter-', '') },
    h('option', { value: '' }, anyLabel),
    entries.map(([value, label]) => h('option', { value }, label)));
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function dt(label, value) {
  return h('div', { class: 'detail-row' }, h('dt', {}, label), h('dd', {}, value));
}

/** An address that may wrap after its "@" (name@ over domain) rather than mid-word, to fit a narrow column. */
function addressParts(address) {
  const at = (address ?? '').indexOf('@');
  return at < 0 ? [address ?? ''] : [address.slice(0, at + 1), h('wbr'), address.slice(at + 1)];
}
