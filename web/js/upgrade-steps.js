// The upgrade's steps as the console tells them: how far it has got, which step runs now, which
// failed. No DOM here: the module tests cover it.

export const UPGRADE_STATUSES = {
  PENDING_CONSENT: { text: 'Waiting for Microsoft permissions', tone: 'warning' },
  RUNNING: { text: 'In progress', tone: 'info' },
  COMPLETED: { text: 'Complete', tone: 'success' },
  FAILED: { text: 'Failed', tone: 'danger' },
};

export const STEP_STATUSES = {
  PENDING: { text: 'Waiting', tone: 'neutral' },
  RUNNING: { text: 'In progress', tone: 'info' },
  COMPLETED: { text: 'Done', tone: 'success' },
  FAILED: { text: 'Failed', tone: 'danger' },
  SKIPPED: { text: 'Skipped', tone: 'neutral' },
};

/** { total, done, percent, current (the running step's label or null), failed (the failed step or null) }. */
export function upgradeProgress(upgrade) {
  const steps = Array.isArray(upgrade?.steps) ? upgrade.steps : [];
  const total = steps.length;
  const done = steps.filter((s) => s.status === 'COMPLETED' || s.status === 'SKIPPED').length;
  const running = steps.find((s) => s.status === 'RUNNING');
  const failed = steps.find((s) => s.status === 'FAILED') ?? null;
  let percent = total ? Math.round((done / total) * 100) : 0;
  if (upgrade?.status === 'COMPLETED') percent = 100;
  return { total, done, percent, current: running ? (running.label || running.name) : null, failed };
}

/** True while the upgrade may still change on its own (the console keeps polling quickly). */
export function upgradeActive(upgrade) {
  return upgrade?.status === 'RUNNING';
}

/** "Disclaimer: priority 0 → 2" lines for the rules pushed down. */
export function pushedDownText(move) {
  return `${move.name}: priority ${move.from} → ${move.to}`;
}
