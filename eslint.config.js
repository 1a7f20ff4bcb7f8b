// Lint: typescript-eslint's recommended rules plus the layer rules of STYLE.md, enforced as import restrictions:
// model imports nothing of ours; config only model; store never app, api4, ws or importer; app never api4 or ws;
// api4 and ws never store (they reach data only through app/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const layer = (files, forbidden, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: forbidden.map((dir) => ({ group: [`**/${dir}/*`, `**/${dir}/**`], message })) }],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'data/', 'coverage/', 'test-results/', 'bench/results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  layer(['src/model/**/*.ts'], ['app', 'store', 'api4', 'ws', 'config', 'importer'], 'model/ imports nothing of ours outside model/.'),
  layer(['src/config/**/*.ts'], ['app', 'store', 'api4', 'ws', 'importer'], 'config/ may import model/ only.'),
  layer(['src/store/**/*.ts'], ['app', 'api4', 'ws', 'importer'], 'store/ never imports app/, api4/, ws/ or importer/.'),
  layer(['src/app/**/*.ts', 'src/importer/**/*.ts'], ['api4', 'ws'], 'app/ never imports an entry point (api4/, ws/).'),
  layer(['src/api4/**/*.ts', 'src/ws/**/*.ts'], ['store'], 'api4/ and ws/ reach data only through app/, never store/.'),
);
