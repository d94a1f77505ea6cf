/**
 * Where a JSON text stops being JSON: line, column and the key being parsed.
 *
 * Why not `JSON.parse`'s own message: since V8 10.x (Node 20) it quotes the
 * text around the error (`Unexpected token 'p', "…password": pw1001…" is not
 * valid JSON`), and in a profile that text is often a password. Its position
 * is not always given either. So after `JSON.parse` refuses a text, this small
 * validator (RFC 8259's grammar, nothing more) walks it again and reports only
 * numbers and key names, never a piece of the text.
 */
export interface JsonErrorLocation {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units (what editors count for the BMP). */
  readonly column: number;
  /** The keys (and array indices) leading to the value being parsed; empty at the top level. */
  readonly path: readonly (string | number)[];
}

/** Thrown inside the walk only; it carries an offset, never text. */
class Stop extends Error {
  constructor(readonly at: number) {
    super('json syntax error');
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX = /^[0-9a-fA-F]{4}$/;
const isDigit = (char: string): boolean => char >= '0' && char <= '9';

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const path: (string | number)[] = [];
  let at = 0;

  const skipSpace = (): void => {
    while (at < text.length && WHITESPACE.has(text.charAt(at))) at += 1;
  };
  const expect = (char: string): void => {
    if (text.charAt(at) !== char) throw new Stop(at);
    at += 1;
  };

  const string = (): string => {
    expect('"');
    const start = at;
    while (at < text.length) {
      const char = text.charAt(at);
      if (char === '"') {
        at += 1;
        return JSON.parse(text.slice(start - 1, at)) as string;
      }
      if (char < ' ') throw new Stop(at);
      if (char === '\\') {
        const escaped = text.charAt(at + 1);
        if (escaped === 'u') {
          if (!HEX.test(text.slice(at + 2, at + 6))) throw new Stop(at);
          at += 6;
          continue;
        }
        if (!ESCAPES.has(escaped)) throw new Stop(at);
        at += 2;
        continue;
      }
      at += 1;
    }
    throw new Stop(at);
  };

  const literal = (word: string): void => {
    if (!text.startsWith(word, at)) throw new Stop(at);
    at += word.length;
  };

  const digits = (): void => {
    if (!isDigit(text.charAt(at))) throw new Stop(at);
    while (isDigit(text.charAt(at))) at += 1;
  };

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  const number = (): void => {
    if (text.charAt(at) === '-') at += 1;
    if (text.charAt(at) === '0') at += 1;
    else digits();
    if (text.charAt(at) === '.') {
      at += 1;
      digits();
    }
    if (text.charAt(at) === 'e' || text.charAt(at) === 'E') {
      at += 1;
      if (text.charAt(at) === '+' || text.charAt(at) === '-') at += 1;
      digits();
    }
  };

  const object = (): void => {
    expect('{');
    skipSpace();
    if (text.charAt(at) === '}') {
      at += 1;
      return;
    }
    for (;;) {
      skipSpace();
      const key = string();
      skipSpace();
      expect(':');
      path.push(key);
      value();
      path.pop();
      skipSpace();
      if (text.charAt(at) === '}') {
        at += 1;
        return;
      }
      // A missing comma is reported against the key just read: the agent edited that line last.
      path.push(key);
      expect(',');
      path.pop();
    }
  };

  const array = (): void => {
    expect('[');
    skipSpace();
    if (text.charAt(at) === ']') {
      at += 1;
      return;
    }
    for (let index = 0; ; index += 1) {
      path.push(index);
      value();
      path.pop();
      skipSpace();
      if (text.charAt(at) === ']') {
        at += 1;
        return;
      }
      expect(',');
    }
  };

  const value = (): void => {
    skipSpace();
    const char = text.charAt(at);
    if (char === '{') object();
    else if (char === '[') array();
    else if (char === '"') string();
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else number();
  };

  try {
    value();
    skipSpace();
    if (at < text.length) throw new Stop(at);
    return undefined;
  } catch (error: unknown) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.at), path: [...path] };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}
