// A model folder whose manifest `modelmint-hash` (the Rust tool) computed and that is
// committed as tests/fixtures/cli-model.json and .txt: every path-order trap at once
// (byte-wise order, non-ASCII names whose UTF-16 order differs from their UTF-8 order,
// hidden files, spaces, an empty file) and a file spanning three 8 MiB chunks of the
// browser's reader. Contents are generated, so the fixture costs no bytes in the repository.
import { counterBytes, type VectorFile } from './vectors';

const text = (s: string) => new TextEncoder().encode(s);

/** The chosen folder's own name: the browser's webkitRelativePath starts with it. */
export const CLI_MODEL_FOLDER = 'cli-model';

export const CLI_MODEL: readonly VectorFile[] = [
  { path: '.gitattributes', contents: text('*.safetensors filter=lfs diff=lfs merge=lfs -text\n') },
  { path: 'Z.json', contents: text('{"upper":true}\n') },
  { path: 'a-b', contents: text('dash') },
  { path: 'a.b', contents: text('dot') },
  { path: 'a/b', contents: text('slash') },
  { path: 'a/.keep', contents: new Uint8Array(0) },
  { path: 'tokenizer/tokenizer config.json', contents: text('{"model_max_length":2048}\n') },
  { path: 'données/modèle.txt', contents: text('é is C3 A9 in UTF-8\n') },
  // U+FF61 is EF BD A1 in UTF-8 and U+1F600 is F0 9F 98 80: byte-wise, FF61 first; in UTF-16
  // U+1F600 is D83D DE00, so JavaScript's default string order puts it first.
  { path: 'unicode/\u{FF61}.bin', contents: text('halfwidth ideographic full stop') },
  { path: 'unicode/\u{1F600}.bin', contents: text('grinning face') },
  { path: 'unicode/\u{E000}.bin', contents: text('private use area, also above the surrogates') },
  // Characters the manifest allows but JSON escapes: serde_json and JSON.stringify must agree.
  { path: 'odd/quote"tab\tbell\u0007 del\u007f.txt', contents: text('escaped in JSON, not in the manifest text') },
  { path: 'weights/model.safetensors', contents: counterBytes(2 * 8 * 1024 * 1024 + 12345) },
];
