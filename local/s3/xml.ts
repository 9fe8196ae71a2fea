// The XML of the S3 API: the few documents the local S3 reads (Delete, CompleteMultipartUpload)
// and the ones it writes. S3 documents carry no attributes we need, mixed content or DTDs.

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Text content as S3 writes it: quotes as &quot; (its ListObjects ETags), apostrophes as they are. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `namespace` null: a document S3 writes without one (PostResponse). */
export function xmlDocument(root: string, inner: string, namespace: string | null = S3_NAMESPACE): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespace ? ` xmlns="${namespace}"` : ''}>${inner}</${root}>`;
}

export function element(name: string, value: string | number | boolean): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_match, entity: string) => {
    if (entity === 'lt') return '<';
    if (entity === 'gt') return '>';
    if (entity === 'amp') return '&';
    if (entity === 'quot') return '"';
    if (entity === 'apos') return "'";
    return String.fromCodePoint(
      entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
    );
  });
}

/** A small, strict reader: elements and text (CDATA included); namespace prefixes dropped. */
export function parseXml(source: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const text = source.slice(i, lt < 0 ? source.length : lt);
    // The element open here; the stack changes only once this step's tag is read.
    const current = stack.at(-1);
    if (text.trim() !== '') {
      if (!current) throw new XmlSyntaxError('Text outside the root element.');
      if (/&(?!(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);)/.test(text)) throw new XmlSyntaxError('A bare & in text.');
      current.text += decodeEntities(text);
    } else if (current) {
      current.text += text;
    }
    if (lt < 0) break;
    if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt);
      if (end < 0) throw new XmlSyntaxError('Unterminated declaration.');
      i = end + 2;
    } else if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt);
      if (end < 0) throw new XmlSyntaxError('Unterminated comment.');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', lt)) {
      const end = source.indexOf(']]>', lt);
      if (end < 0 || !current) throw new XmlSyntaxError('Misplaced CDATA.');
      current.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith('<!', lt)) {
      throw new XmlSyntaxError('Document type declarations are not accepted.');
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlSyntaxError('Unterminated end tag.');
      const name = localName(source.slice(lt + 2, end).trim());
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlSyntaxError(`Mismatched end tag </${name}>.`);
      if (stack.length === 0) root = open;
      i = end + 1;
    } else {
      const end = source.indexOf('>', lt);
      if (end < 0) throw new XmlSyntaxError('Unterminated start tag.');
      const selfClosing = source[end - 1] === '/';
      const inner = source.slice(lt + 1, selfClosing ? end - 1 : end).trim();
      const match = /^([A-Za-z_][\w.:-]*)(\s[\s\S]*)?$/.exec(inner);
      if (!match) throw new XmlSyntaxError('Malformed start tag.');
      if (stack.length === 0 && root) throw new XmlSyntaxError('More than one root element.');
      // The name group always takes part in a match.
      const node: XmlElement = { name: localName(match[1]!), children: [], text: '' };
      current?.children.push(node);
      if (selfClosing) {
        if (stack.length === 0) root = node;
      } else {
        stack.push(node);
      }
      i = end + 1;
    }
  }
  if (stack.length > 0 || !root) throw new XmlSyntaxError('The document is incomplete.');
  return root;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name);
}

export function childText(parent: XmlElement, name: string): string | undefined {
  return childrenNamed(parent, name)[0]?.text;
}
