// Adaptive Card text (a markdown subset) → Slack mrkdwn.
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function toMrkdwn(markdown: string): string {
  let s = escape(markdown);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, url: string) => `<${url.replace(/&amp;/g, '&')}|${text}>`);
  s = s.replace(/\*\*(.+?)\*\*/g, '\u0000$1\u0000'); // bold, protected from the italic pass
  s = s.replace(/(^|[^*])\*([^*\n]+)\*(?!\*)/g, '$1_$2_');
  s = s.replace(/\u0000/g, '*');
  s = s.replace(/^\s*[-*]\s+/gm, '• ');
  return s;
}

/** Plain text for plain_text objects (no markup, entities unescaped). */
export const plain = (s: string): string => s.replace(/\*\*(.+?)\*\*/g, '$1').replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '$1');
