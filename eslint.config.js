import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'test-artifacts/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // The core must never reach into an adapter or a platform SDK (see DESIGN.md).
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/adapters/**', '../adapters/*'], message: 'The core never imports an adapter.' },
          { group: ['discord.js', '@slack/*'], message: 'The core never imports a platform SDK.' },
        ],
      }],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(\\.\\./)+src/(?!index\\.ts$)', message: 'Adapters import the core only through src/index.ts.' }],
      }],
    },
  },
);
