// Lint config: typescript-eslint's recommended rules, and the import direction between the folders
// of src/ (the pipeline dns -> smtp -> tls -> verdict -> run -> render / cli), so the layout stays
// true without review. test/ and bench/ may import anything.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * What each folder of src/ may import besides itself. model/ and text/ are the leaves; world/
 * (the loopback test world) is imported only by cli/ (the demo), tests and the bench.
 */
export const LAYERS = {
  model: [],
  text: [],
  dns: ['model', 'text'],
  tls: ['model', 'text'],
  smtp: ['model', 'text', 'tls'],
  verdict: ['model', 'text', 'dns', 'smtp', 'tls'],
  policy: ['model', 'text', 'dns', 'tls'],
  baseline: ['model', 'text'],
  input: ['model', 'text', 'dns'],
  run: ['model', 'text', 'dns', 'smtp', 'tls', 'verdict', 'policy', 'baseline', 'input'],
  render: ['model', 'text', 'verdict'],
  listen: ['model', 'text'],
  world: ['model', 'text', 'dns', 'smtp', 'tls', 'policy', 'run'],
  cli: ['model', 'text', 'dns', 'smtp', 'tls', 'verdict', 'policy', 'baseline', 'input', 'run', 'render', 'world', 'listen'],
};

const FOLDERS = Object.keys(LAYERS);

function importDirection(folder) {
  const forbidden = FOLDERS.filter((other) => other !== folder && !LAYERS[folder].includes(other));
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length > 0
              ? [
                  {
                    group: forbidden.map((other) => `../${other}/*`),
                    message: `src/${folder}/ must not import this folder (see LAYERS in eslint.config.js).`,
                  },
                ]
              : []),
            { group: ['../../*'], message: 'src/ must not import from outside src/ (tests, bench).' },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  {
    // bin/ is CommonJS (bin/package.json: no ES module loader at start-up).
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...FOLDERS.map(importDirection),
);
