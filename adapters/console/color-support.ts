/**
 * Whether to colour what goes to a stream. NO_COLOR (set at all, as Node reads it; see
 * no-color.org) always wins; FORCE_COLOR forces colour on, even into a pipe (`| less -R`, CI logs), and
 * FORCE_COLOR=0 or false off; otherwise a terminal decides for itself: Node's
 * `tty.WriteStream#hasColors` reads TERM (dumb has none), NODE_DISABLE_COLORS and the rest.
 */
export interface ColorStream {
  readonly isTTY?: boolean;
  readonly hasColors?: (env?: Record<string, string | undefined>) => boolean;
}

export function colorOn(stream: ColorStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.toLowerCase());
  if (!stream.isTTY || typeof stream.hasColors !== 'function') return false;
  return stream.hasColors({ ...env });
}
