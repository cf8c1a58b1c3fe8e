/**
 * The import direction between the folders of src/ is enforced by ESLint (eslint.config.js,
 * LAYERS): a wrong-way import fails `npm run lint`, so it fails CI.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { fixturesDir } from '../../src/world/fixtures.js';

const repo = join(fixturesDir(), '..');

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repo });
  const [result] = await eslint.lintText(code, { filePath: join(repo, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import direction between src/ folders', () => {
  test('the model may not import the verdict (a wrong-way import fails lint)', async () => {
    const messages = await lintAs(
      'src/model/wrong-way.ts',
      "import { evaluateGate } from '../verdict/gate.js';\nexport const g = evaluateGate;\n",
    );
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /src\/model\/ must not import this folder/);
  });

  test('render may not import run, nor the test world; the CLI may', async () => {
    const reexport = "export { checkDomains } from '../run/check-domains.js';\n";
    assert.equal((await lintAs('src/render/x.ts', reexport)).length, 1, 'a re-export counts too');
    assert.equal(
      (await lintAs('src/render/x.ts', "import { checkDomains } from '../run/check-domains.js';\nexport const c = checkDomains;\n")).length,
      1,
    );
    assert.equal(
      (await lintAs('src/tls/x.ts', "import { startWorld } from '../world/world.js';\nexport const s = startWorld;\n")).length,
      1,
    );
    assert.equal(
      (await lintAs('src/cli/x.ts', "import { startWorld } from '../world/world.js';\nexport const s = startWorld;\n")).length,
      0,
    );
  });

  test('src/ may not import tests or the bench', async () => {
    const messages = await lintAs('src/run/x.ts', "import { report } from '../../test/factories.js';\nexport const r = report;\n");
    assert.equal(messages.length, 1);
  });

  test('the right way is allowed: verdict imports model and tls', async () => {
    const code =
      "import type { Report } from '../model/report.js';\nimport { certificateReasons } from '../tls/analyze.js';\nexport type R = Report;\nexport const c = certificateReasons;\n";
    assert.deepEqual(await lintAs('src/verdict/x.ts', code), []);
  });

  test('every folder of src/ has a place in the layers', async () => {
    const { LAYERS } = (await import(join(repo, 'eslint.config.js'))) as { LAYERS: Record<string, string[]> };
    const folders = readdirSync(join(repo, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.deepEqual(
      folders.filter((folder) => !(folder in LAYERS)),
      [],
    );
  });
});
