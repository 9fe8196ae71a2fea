import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';

export default tseslint.config(
  { ignores: ['node_modules/', 'build/', 'dist/', 'coverage/', '.data/', 'generated/', 'client/dist/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // APPSYNC_JS supports a subset of JavaScript: code AppSync would reject fails lint.
    files: ['resolvers/**/*.ts'],
    ...appsync.configs.recommended,
    languageOptions: {
      ...appsync.configs.recommended.languageOptions,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
);
