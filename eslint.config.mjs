import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'build/',
      'dist/',
      'coverage/',
      '.data/',
      'generated/',
      'client/dist/',
      'test-artifacts/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    // CloudFront Functions (cloudfront-js-2.0): a script with handler(event), no require, no Node
    // globals. test/unit/local/cloudfront also parses these files as ES 5.1.
    files: ['terraform/cloudfront-functions/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { console: 'readonly' } },
  },
  {
    // Tests read deep into GraphQL responses; typing every shape there buys nothing.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The web client: React's rules of hooks, and the browser's globals.
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // APPSYNC_JS supports a subset of JavaScript: code AppSync would reject fails lint. The
    // resolvers bundle common/constants/ too.
    files: ['resolvers/**/*.ts', 'common/constants/**/*.ts'],
    ...appsync.configs.recommended,
    languageOptions: {
      ...appsync.configs.recommended.languageOptions,
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
  },
);
