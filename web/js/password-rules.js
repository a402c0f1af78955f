// Client-side hints for the password rules that GET /api/password/rules describes.
// The server is the judge: these only tick boxes as the user types. A rule may carry an
// explicit `pattern` (a JavaScript-compatible regular expression) or `min`/`max`/`minLength`;
// otherwise its id and description are read for the usual kinds (length, upper case, lower
// case, digit, symbol). A rule we cannot judge here returns null and is marked "checked when
// you save".

const CLASSES = [
  [/upper|capital/, /\p{Lu}/gu],
  [/lower/, /\p{Ll}/gu],
  [/digit|number|numeral|numeric/, /\p{Nd}/gu],
  [/symbol|special|punctuation|non-?alphanumeric/, /[^\p{L}\p{N}\s]/gu],
  [/letter|alphabetic/, /\p{L}/gu],
];

function firstNumber(text) {
  // "(0-9)" and similar examples are not counts.
  const match = text.replace(/\([^)]*\)/g, ' ').match(/\b(\d+)\b/);
  return match ? Number(match[1]) : null;
}

const length = (password) => [...password].length;

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
  const minimum = rule.minLength ?? rule.min ?? null;
  const maximum = rule.maxLength ?? rule.max ?? null;

  if (/email|common|breach|pwned|dictionary|company|name|repeat|sequen|previous|reuse/.test(words)) {
    return null;
  }
  for (const [mentions, characters] of CLASSES) {
    if (mentions.test(words)) {
      const count = minimum ?? firstNumber(description) ?? 1;
      return (password) => (password.match(characters) ?? []).length >= count;
    }
  }
  if (/space|whitespace|blank/.test(words)) {
    if (/start|end|leading|trailing|begin/.test(words)) return (password) => password === password.trim();
    return (password) => !/\s/u.test(password);
  }
  if (/length|long|character|char|min|max/.test(words)) {
    const isMaximum = /max|at most|no more than|fewer than|up to|not exceed/.test(words);
    const limit = isMaximum ? (maximum ?? firstNumber(description)) : (minimum ?? firstNumber(description));
    if (limit == null) return null;
    return isMaximum ? (password) => length(password) <= limit : (password) => length(password) >= limit;
  }
  return null;
}
