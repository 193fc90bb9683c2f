/**
 * The first `maxUnits` UTF-16 code units of `text`, one fewer when the cut would split a surrogate pair: a cut never
 * makes a lone surrogate (which no JSON column stores) out of text that had none.
 */
export function cutText(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  const cut = text.slice(0, Math.max(0, maxUnits));
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
