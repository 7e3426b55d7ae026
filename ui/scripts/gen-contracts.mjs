// Generates the web app's contract bindings from the contracts' own build
// artifacts (scripts/build.sh): copies the ink! metadata of each contract the
// app talks to (registry, market, gateway; never the market's desk, whose
// messages the market's own metadata lists, forwarded ones included) to
// src/contracts/metadata/<contract>.json and runs dedot's typink code generator
// on it into src/contracts/types/. It copies the build's record too
// (build-info.json: commit, uncommitted changes, toolchain, every code hash) to
// src/contracts/build-info.json, checked to describe the same build as the
// metadata: on Connect the app compares those code hashes with the chain's
// (src/chain/source.ts). All of it is generated, never edited, and not
// committed: the app always speaks the ABI of the contracts built here.
//
// Usage: npm run gen   (reads $CARGO_TARGET_DIR/ink, default ~/.cache/modelmint/target/ink)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ui = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = process.env.MODELMINT_CACHE ?? join(homedir(), '.cache', 'modelmint');
const ink = join(process.env.CARGO_TARGET_DIR ?? join(cache, 'target'), 'ink');
const CONTRACTS = ['registry', 'market', 'gateway'];

const metadataDir = join(ui, 'src', 'contracts', 'metadata');
const typesDir = join(ui, 'src', 'contracts', 'types');
const buildInfoTarget = join(ui, 'src', 'contracts', 'build-info.json');
rmSync(metadataDir, { recursive: true, force: true });
rmSync(typesDir, { recursive: true, force: true });
rmSync(buildInfoTarget, { force: true });

// What the artifacts were built from; scripts/build.sh removes it before building
// and writes it when every contract built, so it is there only for a whole build.
const buildInfoSource = join(ink, 'build-info.json');
if (!existsSync(buildInfoSource)) {
  console.error(
    `error: ${buildInfoSource} is missing: build the contracts with scripts/build.sh ` +
      '(it records the commit and code hashes the web app shows as its verified source)',
  );
  process.exit(2);
}
let buildInfo;
try {
  buildInfo = JSON.parse(readFileSync(buildInfoSource, 'utf8'));
} catch (error) {
  console.error(`error: ${buildInfoSource} is not valid JSON (${error.message}): build the contracts again with scripts/build.sh`);
  process.exit(2);
}
for (const contract of ['registry', 'market_desk', 'market', 'gateway']) {
  if (!/^0x[0-9a-f]{64}$/i.test(String(buildInfo?.code_hashes?.[contract]))) {
    console.error(`error: ${buildInfoSource} has no code hash for ${contract}: build the contracts again with scripts/build.sh`);
    process.exit(2);
  }
}

mkdirSync(metadataDir, { recursive: true });
for (const contract of CONTRACTS) {
  const source = join(ink, `modelmint_${contract}`, `modelmint_${contract}.json`);
  if (!existsSync(source)) {
    console.error(`error: ${source} is missing: build the contracts first (scripts/build.sh)`);
    process.exit(2);
  }
  // The metadata and the build record must describe the same Wasm.
  const hash = String(JSON.parse(readFileSync(source, 'utf8')).source?.hash).toLowerCase();
  if (hash !== buildInfo.code_hashes[contract].toLowerCase()) {
    console.error(
      `error: ${source} is code ${hash}, but ${buildInfoSource} records ${buildInfo.code_hashes[contract]}: ` +
        'build the contracts again with scripts/build.sh',
    );
    process.exit(2);
  }
  const target = join(metadataDir, `${contract}.json`);
  copyFileSync(source, target);
  execFileSync(join(ui, 'node_modules', '.bin', 'dedot'), ['typink', '-m', target, '-o', typesDir], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`bindings for ${contract}: src/contracts/types/modelmint-${contract}`);
}
copyFileSync(buildInfoSource, buildInfoTarget);
const dirty = buildInfo.dirty ? ' + uncommitted changes' : '';
console.log(`build record: src/contracts/build-info.json (commit ${String(buildInfo.commit).slice(0, 12)}${dirty})`);
