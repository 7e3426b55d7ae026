// The first load: the scripts index.html loads before anything else (its module script and
// the chunks it preloads) stay at most 120 kB gzip. The pages, the chain layer (dedot) and
// each contract's metadata are chunks of their own, loaded when a page is shown, when the
// app connects, and when a page first needs that contract (tests/chain/lazy-metadata.test.ts).
// Measured on the build the browser suites serve; the figure is printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { TEST_RESULTS } from '../support/app-server';

const LIMIT = 120 * 1024;

describe('the first load', () => {
  it('is at most 120 kB of JavaScript, gzip', () => {
    expect(inject('appBuildError')).toBeNull();
    const dist = process.env.MODELMINT_UI_DIST ?? join(TEST_RESULTS, 'dist');
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\.\/([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((file) => ({ file, gzip: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    console.log(`first load: ${(total / 1024).toFixed(1)} kB gzip (${sizes.map((s) => `${s.file} ${(s.gzip / 1024).toFixed(1)}`).join(', ')})`);
    expect(total).toBeLessThanOrEqual(LIMIT);
    // No contract's metadata is part of it.
    expect(scripts.filter((file) => file.includes('metadata-'))).toEqual([]);
  });
});
