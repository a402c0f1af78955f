// The account's branding (logo and accent colour) applied to the console. The accent colour
// colours the primary buttons and the top bar's edge; the text on it is black or white,
// whichever reads better, so a light brand colour never breaks contrast.

const DEFAULT_ACCENT = '#165a72';

/** Relative luminance of #rrggbb (WCAG 2). */
export function luminance(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

export function isColour(value) {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value);
}

/** The text colour to use on `accent`. */
export function textOn(accent) {
  return contrast(accent, '#ffffff') >= contrast(accent, '#000000') ? '#ffffff' : '#000000';
}

/**
 * Where the console loads the logo from: Mailmoat's copy (logoPath, /api/account/logo?v=…), never the logo
 * address itself, whose host would learn when and from where administrators open the console.
 */
export function logoSource(branding) {
  const path = branding?.logoPath;
  return typeof path === 'string' && /^\/api\/account\/logo(\?v=[0-9a-f]+)?$/.test(path) ? path : null;
}

/** Applies {logoPath, accentColor} (either may be missing) to the page. */
export function applyBranding(branding) {
  const root = document.documentElement;
  const accent = isColour(branding?.accentColor) ? branding.accentColor.toLowerCase() : null;
  if (accent && accent !== DEFAULT_ACCENT) {
    root.style.setProperty('--accent', accent);
    root.style.setProperty('--accent-text', textOn(accent));
    root.dataset.branded = 'true';
  } else {
    root.style.removeProperty('--accent');
    root.style.removeProperty('--accent-text');
    delete root.dataset.branded;
  }
  const slot = document.getElementById('customer-logo');
  if (!slot) return;
  const url = logoSource(branding);
  slot.textContent = '';
  slot.hidden = !url;
  if (url) {
    const img = document.createElement('img');
    img.src = url;
    img.alt = branding.alt ?? 'Your logo';
    img.addEventListener('error', () => { slot.hidden = true; });
    slot.append(img);
  }
}
