/**
 * Finds where a JSON path sits in a JSON text (1-based line and column), so a bad fixture or
 * scenario file can be reported as "file:line:column $.path: reason". Walks the text directly; falls
 * back to the deepest part of the path it could find.
 */
export interface TextPosition {
  line: number;
  column: number;
}

export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Offset of the value at `path` (keys and indexes), or of the deepest ancestor found. */
export function locateJsonPath(text: string, path: readonly PropertyKey[]): TextPosition {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const skipString = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      while (i < text.length && text[i] !== close) {
        if (c === '{') {
          ws();
          skipString();
          ws();
          i++; // colon
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
        ws();
      }
      i++;
      return;
    }
    while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
  };
  ws();
  let found = i;
  for (const step of path) {
    ws();
    if (text[i] === '{' && typeof step === 'string') {
      i++;
      let hit = false;
      while (i < text.length) {
        ws();
        if (text[i] === '}') break;
        const keyStart = i;
        skipString();
        const key = safeParse(text.slice(keyStart, i));
        ws();
        i++; // colon
        ws();
        if (key === step) {
          found = keyStart;
          hit = true;
          break;
        }
        skipValue();
        ws();
        if (text[i] === ',') i++;
      }
      if (!hit) break;
    } else if (text[i] === '[' && typeof step === 'number') {
      i++;
      let index = 0;
      ws();
      while (i < text.length && text[i] !== ']' && index < step) {
        skipValue();
        ws();
        if (text[i] === ',') i++;
        ws();
        index++;
      }
      if (index !== step || text[i] === ']') break;
      found = i;
    } else break;
  }
  return positionOf(text, found);
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** "$.a.b[2].c" for a path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`))
      .join('')
  );
}
