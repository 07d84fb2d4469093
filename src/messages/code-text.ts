/**
 * Code blocks in chat markdown (Slack and Discord alike) open and close at three backticks
 * and have no escape, so untrusted text inside one could end the block early and be read
 * as markup. Every third backtick in a run becomes a lookalike (U+02CB, one UTF-16 unit), so
 * no run of three is left; shorter runs (LaTeX's ``quotes'') are copied exactly as written.
 */
const LOOKALIKE = '\u02cb';

export function breakCodeFences(text: string): string {
  return text.replace(/`{3,}/g, (run) => run.replace(/``(`)/g, `\`\`${LOOKALIKE}`));
}
