/**
 * `npm run demo`: LocalRank's main job, shown on a demo shop. Builds the extension, serves
 * demo/shop.html for a made-up host, launches Chromium (headed under Xvfb, as the e2e tests do)
 * with the extension and a seeded history, switches LocalRank on for the shop through the popup,
 * and prints each list before and after with the reasons; screenshots go to .cache/demo/.
 *
 *   npm run demo [-- --no-build] [-- --out DIR]
 */
import { spawnSync } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runDemo } from './demo/flow';
import { PERSONA } from './demo/persona';
import { DEMO_URL } from './demo/site';
import { listTable } from './demo/table';

const { values: args } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, out: { type: 'string', default: '.cache/demo' } } });
const t0 = Date.now();
const secs = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

function build(): void {
  const t = Date.now();
  process.stdout.write('Building the extension (wxt build) … ');
  const r = spawnSync(resolve('node_modules/.bin/wxt'), ['build'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log('failed\n' + r.stdout + r.stderr);
    process.exit(1);
  }
  console.log(`done in ${secs(t)}`);
}

if (!args['no-build']) build();
console.log(`\nSeeded history (${PERSONA.length} events, imported into the extension's own IndexedDB):`);
for (const e of PERSONA) console.log(`  ${e.kind.padEnd(8)} ${e.title}`);

const t = Date.now();
console.log(`\nOpening ${DEMO_URL} in Chromium, switching LocalRank on for it from the popup …`);
const session = await runDemo({ outDir: args.out }).catch((e: unknown) => {
  console.error(`\nThe demo failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
try {
  const { lists, report, screenshots } = session.result;
  const method = report.lists[0]?.method ?? 'platform';
  console.log(`ranked ${lists.length} lists in ${secs(t)} (ranker: ${method === 'lexical' ? 'words only, no model bundled' : method})\n`);
  const width = Math.max(100, Math.min(process.stdout.columns || 150, 180));
  for (const list of lists) console.log(listTable(list, report.moves, width) + '\n');

  const leaks = session.run.extensionRequests.filter((r) => !r.url.startsWith(session.run.extUrl(''))).length + session.server.fromExtensions().length;
  console.log(`Requests from the extension to the network: ${leaks}`);
  console.log('Screenshots:');
  for (const [name, path] of Object.entries(screenshots)) console.log(`  ${name.padEnd(7)} ${relative(process.cwd(), path)}`);
  console.log(`\nDone in ${secs(t0)}.`);
  if (leaks) process.exitCode = 1;
} finally {
  await session.close();
}
