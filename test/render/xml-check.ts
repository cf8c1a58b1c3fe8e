/**
 * A small strict XML 1.0 reader for the JUnit tests: it throws on anything not well-formed that
 * our output could plausibly get wrong (characters outside "Char", unescaped < or &, unknown
 * entities, "]]>" in text, unbalanced or mismatched tags, duplicate attributes, text outside the
 * root) and hands back the element tree with references decoded. No DTD, comments or CDATA:
 * renderJunit emits none, so meeting one is an error too.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element, decoded. */
  text: string;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(doc: string): XmlElement {
  checkChars(doc);
  let at = doc.startsWith('<?xml ') ? doc.indexOf('?>') + 2 : 0;
  if (at === 1) throw new Error('unterminated XML declaration');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (at < doc.length) {
    const lt = doc.indexOf('<', at);
    const text = doc.slice(at, lt === -1 ? doc.length : lt);
    if (stack.length) stack[stack.length - 1]!.text += decode(text, false);
    else if (text.trim() !== '') throw new Error(`text outside the root element at ${at}`);
    if (lt === -1) break;
    at = lt;
    if (doc.startsWith('</', at)) {
      const name = readName(doc, at + 2);
      at = expect(doc, skipSpace(doc, at + 2 + name.length), '>');
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    if (doc[at + 1] === '!' || doc[at + 1] === '?') throw new Error(`unexpected markup at ${at}`);
    const element: XmlElement = { name: readName(doc, at + 1), attributes: {}, children: [], text: '' };
    if (root && !stack.length) throw new Error('second root element');
    at = readAttributes(doc, at + 1 + element.name.length, element.attributes);
    if (stack.length) stack[stack.length - 1]!.children.push(element);
    else root = element;
    if (doc.startsWith('/>', at)) at += 2;
    else {
      at = expect(doc, at, '>');
      stack.push(element);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
function checkChars(doc: string): void {
  let index = 0;
  for (const char of doc) {
    const code = char.codePointAt(0)!;
    const ok =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!ok) throw new Error(`character U+${code.toString(16).padStart(4, '0')} not allowed at ${index}`);
    index += char.length;
  }
}

function readAttributes(doc: string, from: number, into: Record<string, string>): number {
  let at = from;
  for (;;) {
    const afterSpace = skipSpace(doc, at);
    if (doc[afterSpace] === '>' || doc.startsWith('/>', afterSpace)) return afterSpace;
    if (afterSpace === at) throw new Error(`space expected before attribute at ${at}`);
    const name = readName(doc, afterSpace);
    if (name in into) throw new Error(`duplicate attribute ${name}`);
    at = expect(doc, skipSpace(doc, afterSpace + name.length), '=');
    at = skipSpace(doc, at);
    const quote = doc[at];
    if (quote !== '"' && quote !== "'") throw new Error(`quoted value expected at ${at}`);
    const end = doc.indexOf(quote, at + 1);
    if (end === -1) throw new Error('unterminated attribute value');
    into[name] = decode(doc.slice(at + 1, end), true);
    at = end + 1;
  }
}

/** Resolve references; in attributes literal whitespace becomes a space (XML 1.0 §3.3.3). */
function decode(raw: string, attribute: boolean): string {
  if (raw.includes('<')) throw new Error('"<" in an attribute value');
  if (!attribute && raw.includes(']]>')) throw new Error('"]]>" in character data');
  const normalised = attribute ? raw.replace(/[\t\r\n]/g, ' ') : raw;
  return normalised.replace(/&([^;]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new Error(`unterminated reference ${match}`);
    if (body in PREDEFINED) return PREDEFINED[body]!;
    const numeric = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(body);
    if (!numeric) throw new Error(`unknown entity &${body};`);
    const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2]!, 10);
    const char = String.fromCodePoint(code);
    checkChars(char);
    return char;
  });
}

function readName(doc: string, at: number): string {
  NAME.lastIndex = at;
  const match = NAME.exec(doc);
  if (!match) throw new Error(`name expected at ${at}`);
  return match[0];
}

function skipSpace(doc: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(doc);
  return SPACE.lastIndex;
}

function expect(doc: string, at: number, token: string): number {
  if (!doc.startsWith(token, at)) throw new Error(`"${token}" expected at ${at}, found ${JSON.stringify(doc.slice(at, at + 20))}`);
  return at + token.length;
}

/** All descendants (and the element itself) with this name, in document order. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const own = element.name === name ? [element] : [];
  return [...own, ...element.children.flatMap((child) => findAll(child, name))];
}
