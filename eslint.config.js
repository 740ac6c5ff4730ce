import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Read time from the world clock.' }],
    },
  },
  // The dashboard: plain ES modules run by the browser.
  { files: ['ui/**/*.js'], languageOptions: { globals: { ...globals.browser } }, rules: { 'no-restricted-properties': 'off' } },
  {
    files: ['bench/**', 'test/**', 'scripts/**', 'src/engine/clock.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
