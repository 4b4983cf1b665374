// Owns reading a Content-Type header: the media type's essence and its charset parameter.

export interface MediaType {
  /** Lower-case `type/subtype`, without parameters. */
  essence: string;
  charset: string | null;
}

export function parseContentType(header: string | null | undefined): MediaType | null {
  if (!header) return null;
  const [rawEssence = '', ...params] = header.split(';');
  const essence = rawEssence.trim().toLowerCase();
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(essence)) return null;
  let charset: string | null = null;
  for (const param of params) {
    const match = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(param);
    if (match?.[1]) charset = match[1].toLowerCase();
  }
  return { essence, charset };
}
