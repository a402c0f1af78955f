// Client-side hints for the password rules that GET /api/password/rules describes.
// The server is the judge: these only tick boxes as the user types. A rule may carry an
// explicit `pattern` (a JavaScript-compatible regular expression) or `minLength`/`maxLength`;
// otherwise its id and description are read for the usual kinds: length ("at least 12
// characters (and at most 256)"), character kinds ("at least 3 of: lower-case letters,
// upper-case letters, digits, symbols", or a single kind). A rule we cannot judge here
// (e.g. "not a common password") gives null and is shown as "checked when you save".

// Character kinds counted the way the server counts them: anything that is not a lower-case
// letter, upper-case letter or digit is a symbol.
const KINDS = [
  { words: /lower/, test: /\p{Ll}/gu },
  { words: /upper|capital/, test: /\p{Lu}/gu },
  { words: /digit|number|numeral|numeric/, test: /\p{Nd}/gu },
  { words: /symbol|special|punctuation|non-?alphanumeric/, test: /[^\p{Ll}\p{Lu}\p{Nd}]/gu },
];

const SERVER_ONLY = /email|common|breach|pwned|dictionary|company|user ?name|repeat|sequen|previous|reuse|history/;

const codePoints = (password) => [...password].length;
const occurrences = (password, test) => (password.match(test) ?? []).length;

function number(text, expression) {
  const match = text.match(expression);
  if (!match) return null;
  const digits = match.slice(1).find((group) => group != null);
  return digits == null ? null : Number(digits);
}

/** Returns (password) => boolean for a rule, or null when only the server can tell. */
export function predicateFor(rule) {
  if (typeof rule.pattern === 'string') {
    try {
      const expression = new RegExp(rule.pattern, 'u');
      return (password) => expression.test(password);
    } catch {
      // An expression this browser can't compile: fall back to reading the words.
    }
  }
  const id = String(rule.id ?? '').toLowerCase();
  const description = String(rule.description ?? '').toLowerCase();
  const words = `${id} ${description}`;
  if (SERVER_ONLY.test(words)) return null;

  const atLeast = number(description, /(?:at least|minimum(?: of)?|min\.?)\s*(\d+)|(\d+)\s*(?:or more|\+)/);
  const atMost = number(description, /(?:at most|maximum(?: of)?|max\.?|no more than|up to|fewer than)\s*(\d+)/);

  const kinds = KINDS.filter((kind) => kind.words.test(words));
  if (kinds.length > 1) {
    // "at least 3 of: …" (or all of the kinds named, when no number is given).
    const needed = number(description, /(\d+)\s*(?:of|different|kinds|types)\b/) ?? kinds.length;
    return (password) => kinds.filter((kind) => occurrences(password, kind.test) > 0).length >= needed;
  }
  if (kinds.length === 1) {
    const needed = rule.min ?? atLeast ?? 1;
    return (password) => occurrences(password, kinds[0].test) >= needed;
  }
  if (/space|whitespace|blank/.test(words)) {
    if (/start|end|leading|trailing|begin/.test(words)) return (password) => password === password.trim();
    return (password) => !/\s/u.test(password);
  }
  if (/length|long|character|char/.test(words)) {
    const fallback = number(description.replace(/\([^)]*\)/g, ' '), /\b(\d+)\b/);
    const minimum = rule.minLength ?? rule.min ?? atLeast ?? (atMost == null ? fallback : null);
    const maximum = rule.maxLength ?? rule.max ?? atMost;
    if (minimum == null && maximum == null) return null;
    return (password) => {
      const length = codePoints(password);
      return (minimum == null || length >= minimum) && (maximum == null || length <= maximum);
    };
  }
  return null;
}
