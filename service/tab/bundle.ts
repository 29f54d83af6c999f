// The tab's browser script (client/main.ts with teams-js and Chart.js), bundled with esbuild
// once per process on first request, and its style sheet.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

const CLIENT = join(import.meta.dirname, 'client');
let built: Promise<{ js: string; css: string }> | undefined;

export function bundle(): Promise<{ js: string; css: string }> {
  built ??= (async () => {
    const out = await build({
      entryPoints: [join(CLIENT, 'main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return { js: out.outputFiles[0]?.text ?? '', css: await readFile(join(CLIENT, 'tab.css'), 'utf8') };
  })().catch((e: unknown) => {
    built = undefined;
    throw e;
  });
  return built;
}
