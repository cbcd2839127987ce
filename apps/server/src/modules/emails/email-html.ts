import sanitizeHtml from 'sanitize-html';

// Mail HTML as the API returns it. Received mail is stored as it came; what the browser gets is cleaned with
// sanitize-html (a maintained allow-list parser: hand-written regexes miss the tricks mail is full of): no
// scripts, no event handlers, no forms or frames, no CSS that loads anything, and no remote loads without the
// reader's consent: a remote image keeps its address in data-remote-src (the web shows it when asked). Inline
// images (cid:) point at their attachment's download address.

const ALLOWED_TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  'img',
  'font',
  'center',
  'span',
  'u',
  's',
  'strike',
  'small',
  'big',
  'tt',
];

/** CSS that could load something or run something is dropped with its whole style attribute. */
const UNSAFE_STYLE = /url\s*\(|expression\s*\(|@import|behavio(u)?r\s*:|-moz-binding/i;

export function sanitizeEmailHtml(html: string, inlineImages: Map<string, string> = new Map()): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      '*': [
        'style',
        'align',
        'valign',
        'width',
        'height',
        'bgcolor',
        'color',
        'dir',
        'lang',
        'title',
        'class',
      ],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'data-remote-src'],
      font: ['face', 'size'],
      table: ['border', 'cellpadding', 'cellspacing'],
      td: ['colspan', 'rowspan', 'nowrap'],
      th: ['colspan', 'rowspan', 'nowrap'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['data'] },
    allowProtocolRelative: false,
    parseStyleAttributes: false,
    transformTags: {
      '*': (tagName, attribs) => {
        if (attribs.style && UNSAFE_STYLE.test(attribs.style)) {
          const { style: _dropped, ...rest } = attribs;
          return { tagName, attribs: rest };
        }
        return { tagName, attribs };
      },
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const { src = '', ...rest } = attribs;
        if (/^cid:/i.test(src)) {
          const url = inlineImages.get(src.slice(4).replace(/^<|>$/g, '').toLowerCase());
          return { tagName, attribs: url ? { ...rest, src: url } : rest };
        }
        if (/^(https?:)?\/\//i.test(src)) return { tagName, attribs: { ...rest, 'data-remote-src': src } };
        return { tagName, attribs: { ...rest, src } };
      },
    },
  });
}
