// Mailboxes whose Mailmoat Quarantine folder their users can see (made before Mailmoat created it
// hidden): how many, which, why Mailmoat cannot hide them, and what to do. Reads
// GET /api/quarantine/folders; shown only when there is at least one.

import { call } from '../session.js';
import { h, fill } from '../ui.js';
import { visibleFoldersNotice } from '../quarantine.js';
import * as router from '../router.js';

/** idPrefix keeps ids unique when the part is on two pages. */
export function createQuarantineFolders({ idPrefix = 'quarantine-folders' } = {}) {
  const headingId = `${idPrefix}-heading`;
  const body = h('div', {});
  const element = h('section', { class: 'card', id: idPrefix, 'data-testid': 'quarantine-folders', 'aria-labelledby': headingId, hidden: true },
    h('div', { class: 'card-header' }, h('h2', { id: headingId }, 'Quarantine folders your users can see')),
    body);
  let seq = 0;

  async function load() {
    const mine = ++seq;
    try {
      const { data } = await call('/api/quarantine/folders');
      if (mine !== seq) return;
      render(visibleFoldersNotice(data));
    } catch {
      // Not essential to the page it sits on: it stays as it was.
    }
  }

  function render(notice) {
    element.hidden = !notice;
    if (!notice) return;
    fill(body,
      h('p', { class: 'notice notice-info', id: `${idPrefix}-summary` }, notice.summary),
      h('ul', { class: 'item-list', id: `${idPrefix}-list`, 'aria-label': 'Mailboxes whose quarantine folder is visible' },
        notice.mailboxes.map((mailbox) => h('li', { class: 'item', 'data-mailbox': mailbox },
          h('span', { class: 'name' }, mailbox), ' ',
          h('a', { class: 'small', href: router.href('detections', null, { status: 'REMOVED', mailbox }) }, 'Its messages in quarantine')))),
      notice.more ? h('p', { class: 'small muted' }, `And ${notice.more} more.`) : null,
      h('p', { class: 'small' }, notice.why),
      h('p', { class: 'small' }, notice.fix));
  }

  return { element, load };
}
