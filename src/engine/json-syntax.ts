/**
 * Where a JSON text stops being JSON, and why in plain words. JSON.parse's messages vary between
 * Node versions and often give no position ("Unexpected token ']', ... is not valid JSON"); this
 * small validating scanner always gives the offset of the first mistake.
 */
export interface JsonSyntaxError {
  offset: number;
  reason: string;
}

export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw { offset: at, reason } satisfies JsonSyntaxError;
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : text[at] === '"' ? 'a string' : `"${text[at]}"`);
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail(c === 10 ? 'a line break inside a string: close the string with " first, or write \\n' : 'a control character inside a string');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by 4 hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`"\\${e ?? ''}" is not a JSON escape (write "\\\\" for a backslash, as in regexes)`);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= text.length) fail('a string is never closed: a " is missing', start);
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === "'") fail("strings need double quotes (\"), not single quotes (')");
    const num = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num && (c === '-' || (c >= '0' && c <= '9'))) {
      i += num[0].length;
      if (/[0-9]/.test(text[i] ?? '')) fail('numbers cannot start with 0 (leading zeros are not JSON)');
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (i >= text.length) fail('the file ends where a value should be: a } or ] may be missing');
    const bare = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 60));
    if (bare) fail(`${bare[0]} is not a JSON value: put text in double quotes (true, false and null are written in lower case)`);
    fail(`${describe(i)} cannot start a value`);
  };
  const object = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === '}') fail('a trailing comma before "}": JSON allows none, remove the last ","', lastComma);
      if (text[i] !== '"') fail(text[i] === undefined ? 'the file ends inside an object: a "}" is missing' : /[A-Za-z_$']/.test(text[i]) ? 'property names need double quotes (")' : `expected a property name in double quotes, found ${describe(i)}`);
      string();
      ws();
      if (text[i] !== ':') fail(`expected ":" after the property name, found ${describe(i)}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(i >= text.length ? 'the file ends inside an object: a "}" is missing' : `expected "," or "}" after a value, found ${describe(i)} (a comma may be missing)`);
    }
  };
  const array = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === ']') fail('a trailing comma before "]": JSON allows none, remove the last ","', lastComma);
      value();
      ws();
      if (text[i] === ',') {
        lastComma = i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(i >= text.length ? 'the file ends inside a list: a "]" is missing' : `expected "," or "]" after a value, found ${describe(i)} (a comma may be missing)`);
    }
  };
  let lastComma = 0;
  try {
    if (text.charCodeAt(0) === 0xfeff) i++;
    value();
    ws();
    if (i < text.length) fail(`${describe(i)} after the end of the JSON value`);
    return undefined;
  } catch (err) {
    if (err && typeof err === 'object' && 'reason' in err) return err as JsonSyntaxError;
    throw err;
  }
}
