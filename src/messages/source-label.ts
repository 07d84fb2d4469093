/**
 * What a link to a paper's source is called next to its page link: "arXiv", "Hugging Face",
 * else the host it leads to (never a label taken from the paper, so a card cannot claim a
 * link goes somewhere it does not). Undefined for what is not an http(s) URL with a host.
 */
const KNOWN_HOSTS: ReadonlyArray<readonly [domain: string, label: string]> = [
  ['arxiv.org', 'arXiv'],
  ['huggingface.co', 'Hugging Face'],
  ['hf.co', 'Hugging Face'],
];

export function sourceLabel(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // The parser gives international names as punycode, so lookalike letters show as what they are.
  const host = parsed.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === '') return undefined;
  const known = KNOWN_HOSTS.find(([domain]) => host === domain || host.endsWith(`.${domain}`));
  return known ? known[1] : host.replace(/^www\./, '');
}
