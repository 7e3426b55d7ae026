// Generates the web app's contract bindings from the contracts' own build
// artifacts (scripts/build.sh): copies the ink! metadata of each contract the
// app talks to (registry, market, gateway; never the market's desk, whose
// messages the market's own metadata lists, forwarded ones included) to
// src/contracts/metadata/<contract>.json and runs dedot's typink code generator
// on it into src/contracts/types/. Both folders are generated, never edited, and
// not committed: the app always speaks the ABI of the contracts built here.
//
// Usage: npm run gen   (reads $CARGO_TARGET_DIR/ink, default ~/.cache/modelmint/target/ink)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint');
const ink = join(process.env.CARGO_TARGET_DIR ?? join(cache, 'target'), 'ink');
const CONTRACTS = ['registry', 'market', 'gateway'];

const metadataDir = join(ui, 'src', 'contracts', 'metadata');
const typesDir = join(ui, 'src', 'contracts', 'types');
rmSync(metadataDir, { recursive: true, force: true });
rmSync(typesDir, { recursive: true, force: true });
mkdirSync(metadataDir, { recursive: true });
for (const contract of CONTRACTS) {
  const source = join(ink, `modelmint_${contract}`, `modelmint_${contract}.json`);
  if (!existsSync(source)) {
    console.error(`error: ${source} is missing: build the contracts first (scripts/build.sh)`);
    process.exit(2);
  }
  const target = join(metadataDir, `${contract}.json`);
  copyFileSync(source, target);
  execFileSync(join(ui, 'node_modules', '.bin', 'dedot'), ['typink', '-m', target, '-o', typesDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`bindings for ${contract}: src/contracts/types/modelmint-${contract}`);
}
