// Lint rules: typescript-eslint's type-aware recommended set, plus the layering rule of DESIGN.md.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.sim/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    // core/ and config/ sit at the bottom: they import nothing of ours from above.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../*', '@slack/*', 'botbuilder*'] }],
    },
  },
  {
    files: ['src/jobs/**/*.ts', 'src/commands/**/*.ts', 'src/authz/**/*.ts', 'src/defender/**/*.ts', 'src/identity/**/*.ts', 'src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/chat/*', '@slack/*', 'botbuilder*'] }],
    },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
