/**
 * Where the first JSON object in model output ends, so generation can stop there instead of
 * running to the token limit (strings and escapes are respected; nothing is parsed yet).
 * Returns the index just after its closing brace, or -1 while it is incomplete.
 */
export function jsonObjectEnd(text: string): number {
  const start = text.indexOf('{');
  if (start < 0) return -1;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? i + 1 : -1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}
