import { checkManifest, type ModelFile, type ModelManifest, type Result } from './format';
import { resolveModelPath } from './paths';

/** A file of a manifest, with the URL it is fetched from and its (content-addressed) cache key. */
export interface ListedFile {
  file: ModelFile;
  url: string;
  key: string;
}

export interface ListedManifest {
  manifest: ModelManifest;
  files: ListedFile[];
}

/** Cache key of a verified file: its URL and its digest, so a new version never reads an old file. */
export const fileKey = (url: string, sha256: string): string => `${url}?vitrine-sha256=${sha256}`;

const preview = (text: string) => JSON.stringify(text.slice(0, 40).replace(/\s+/g, ' '));

/** Parses and checks manifest bytes fetched from `url`, and resolves every file against it (same origin, same folder). */
export function readManifest(bytes: Uint8Array, url: string): Result<ListedManifest> {
  let parsed: unknown;
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: `${url}: not JSON (it starts ${preview(text)}: an error page?)` };
  }
  const checked = checkManifest(parsed);
  if (!checked.ok) return { ok: false, reason: `${url}: ${checked.reason}` };
  const files: ListedFile[] = [];
  for (const file of checked.value.files) {
    const resolved = resolveModelPath(file.path, url);
    if (!resolved.ok) return { ok: false, reason: `${url}: files: ${resolved.reason}` };
    files.push({ file, url: resolved.value, key: fileKey(resolved.value, file.sha256) });
  }
  return { ok: true, value: { manifest: checked.value, files } };
}
