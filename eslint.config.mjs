import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import appsync from '@aws-appsync/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Who may import whom. client/, functions/ and resolvers/ are built and deployed apart: each takes
// only from itself, common/ and generated/. common/ takes from no area. Inside local/, the
// stand-ins share local/lib/ and meet only through each other's index.ts; scripts/ take local's
// faces too (its top-level files and each stand-in's index.ts). test/ and bench/ take anything.
const AREAS = [
  'client',
  'functions',
  'resolvers',
  'common',
  'generated',
  'local',
  'scripts',
  'test',
  'bench',
  'terraform',
];
const SHARED = ['common', 'generated'];
const otherAreas = (...allowed) => AREAS.filter((area) => !allowed.includes(area)).map((area) => `./${area}`);

// local/lib/ is local-wide code, and so is sigv4/ (SigV4 verification, one file): any stand-in
// imports them. Every other folder of local/ is a stand-in with a face, its index.ts.
const LOCAL_LIBRARIES = ['lib', 'sigv4'];
const STAND_INS = readdirSync(path.join(import.meta.dirname, 'local'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !LOCAL_LIBRARIES.includes(entry.name))
  .map((entry) => entry.name);
const insidesOf = (folder) => [`./local/${folder}/*/**`, `./local/${folder}/!(index).*`];

// The files of common/ that run under Node only; the rest is browser-safe, for the web client.
const NODE_ONLY_COMMON = ['common/manifest.ts', 'common/ffprobe.ts', 'common/playlist-head.ts'];

const boundaries = [
  ...['client', 'functions', 'resolvers'].map((area) => ({
    target: `./${area}`,
    from: otherAreas(area, ...SHARED),
    message: `${area}/ imports only from itself, common/ and generated/.`,
  })),
  {
    target: './resolvers',
    from: './common',
    except: ['./constants'],
    message: 'The resolvers run as APPSYNC_JS: of common/ they bundle only common/constants/ (plain values).',
  },
  {
    target: './client',
    from: NODE_ONLY_COMMON.map((file) => `./${file}`),
    message: 'The web client runs in a browser: this part of common/ needs Node.',
  },
  { target: './common', from: otherAreas(...SHARED), message: 'common/ imports from no area.' },
  {
    target: './local',
    from: otherAreas('local', ...SHARED),
    message: 'local/ runs what the build made of the other areas: of them it imports only common/ and generated/.',
  },
  {
    target: './local/lib',
    from: './local',
    except: ['./lib'],
    message: 'local/lib/ is what the stand-ins share: it imports no stand-in.',
  },
  {
    target: './local/!(lib)/**',
    from: './local/*.ts',
    message: "A stand-in does not import local's top-level files (the cloud that composes the stand-ins).",
  },
  ...STAND_INS.map((standIn) => ({
    target: ['./local/*.ts', `./local/!(${standIn}|lib)/**`],
    from: insidesOf(standIn),
    message: `Import local/${standIn}/ through its index.ts.`,
  })),
  {
    target: './scripts',
    from: otherAreas('scripts', 'local', 'test', ...SHARED),
    message: "scripts/ import from common/, generated/, local's faces and the test rig only.",
  },
  {
    target: './scripts',
    from: [...LOCAL_LIBRARIES.map((library) => `./local/${library}/**`), ...STAND_INS.flatMap(insidesOf)],
    message: "scripts/ take local's faces only: its top-level files and each stand-in's index.ts.",
  },
  {
    target: './scripts',
    from: './test',
    except: ['./support'],
    message: 'scripts/ may borrow the test rig (test/support/), nothing else of test/.',
  },
];

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
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Type-aware rules: each file is checked against the tsconfig.json nearest to it.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function that awaits nothing still keeps the promise contract its callers rely on
      // (a throw becomes a rejection): handlers and stand-in operations are async by interface.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    // Plain JavaScript (this file, CommonJS configs, CloudFront Functions) has no types to check.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    plugins: { 'import-x': importX },
    settings: {
      // Relative imports name .ts files without their extension; packages resolve as Node does.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: boundaries }],
      // An import the resolver cannot follow would slip past the boundaries unseen.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
    },
  },
  {
    files: ['common/**/*.ts'],
    ignores: NODE_ONLY_COMMON,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'The web client imports common/: keep it browser-safe.' }] },
      ],
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
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
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
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
);
