// Adaptive Card markdown -> Slack mrkdwn. Backslash escapes stay literal, `**bold**` becomes `*bold*`,
// and only unescaped `[text](http…)` becomes a Slack link; every &, < and > of the text is escaped,
// so card text can never produce a Slack link, mention or @channel of its own.

const ESCAPABLE = /[!-/:-@[-`{-~]/;

export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

interface Link {
  text: string;
  url: string;
  end: number;
}

/** An unescaped `[text](url)` starting at `start`, or undefined. */
function readLink(source: string, start: number): Link | undefined {
  let index = start + 1;
  let text = '';
  while (index < source.length && source[index] !== ']') {
    if (source[index] === '\\' && index + 1 < source.length) index++;
    text += source[index];
    index++;
  }
  if (source[index] !== ']' || source[index + 1] !== '(') return undefined;
  const close = source.indexOf(')', index + 2);
  if (close < 0) return undefined;
  return { text, url: source.slice(index + 2, close).trim(), end: close + 1 };
}

function safeLinkUrl(url: string): string | undefined {
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return undefined;
  return url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}

type LinkRenderer = (link: Link) => string;

function convert(
  source: string,
  bold: string,
  renderLink: LinkRenderer,
  escape: (text: string) => string,
): string {
  let out = '';
  for (let index = 0; index < source.length; index++) {
    const char = source[index]!;
    const next = source[index + 1];
    if (char === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      out += escape(next);
      index++;
    } else if (char === '*' && next === '*') {
      out += bold;
      index++;
    } else if (char === '[' && readLink(source, index)) {
      const link = readLink(source, index)!;
      out += renderLink(link);
      index = link.end - 1;
    } else {
      out += escape(char);
    }
  }
  return out;
}

export function markdownToMrkdwn(source: string): string {
  return convert(
    source,
    '*',
    (link) => {
      const url = safeLinkUrl(link.url);
      return url ? `<${url}|${escapeMrkdwn(link.text)}>` : escapeMrkdwn(link.text);
    },
    escapeMrkdwn,
  );
}

/** For plain_text objects (headers, buttons) and the notification text: no markup left. */
export function markdownToPlain(source: string): string {
  return convert(
    source,
    '',
    (link) => `${link.text} (${link.url})`,
    (text) => text,
  );
}
