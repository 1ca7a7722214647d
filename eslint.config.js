// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * Layering (DESIGN.md "imports point inward"): each zone lists what a folder may NOT import.
 * Entry points (cli, api, web) sit outermost; domain sits innermost and imports nothing of ours.
 */
const outer = ['./src/cli', './src/api', './src/web'];
const layers = [
  { target: './src/domain', from: ['./src'], except: ['./domain'] },
  { target: './src/util', from: ['./src'], except: ['./util', './domain'] },
  { target: './src/versioning', from: ['./src'], except: ['./versioning', './domain', './util'] },
  {
    target: './src/inventory',
    from: ['./src'],
    except: ['./inventory', './versioning', './domain', './util'],
  },
  {
    target: './src/advisories',
    from: ['./src'],
    except: ['./advisories', './versioning', './domain', './util'],
  },
  {
    target: './src/engine',
    from: ['./src'],
    except: ['./engine', './advisories', './inventory', './versioning', './domain', './util'],
  },
  {
    target: './src/policy',
    from: ['./src'],
    except: ['./policy', './engine', './versioning', './domain', './util'],
  },
  { target: './src/store', from: ['./src'], except: ['./store', './domain', './util'] },
  { target: './src/vsphere', from: ['./src'], except: ['./vsphere', './domain', './util'] },
  {
    target: './src/executors',
    from: ['./src'],
    except: ['./executors', './vsphere', './domain', './util'],
  },
  { target: './src/app', from: [...outer, './src/report'] },
  // Renderers: presentation shared by every entry point; they read the app's report types only.
  {
    target: './src/report',
    from: ['./src'],
    except: ['./report', './app/report-types.ts', './policy', './domain'],
  },
];
/** Entry points parse, call a use case in app/ and render; nothing deeper. Tests may set up more. */
const entryZones = outer.map((target) => ({
  target,
  from: ['./src'],
  except: [
    `./${target.slice('./src/'.length)}`,
    './app',
    './domain',
    './report',
    // `patchline serve` starts the server through its one entry module.
    ...(target === './src/cli' ? ['./api/start.ts'] : []),
  ],
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'var/**', '**/__fixtures__/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...layers, ...entryZones] }],
      'func-style': ['error', 'declaration', { allowArrowFunctions: true }],
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a const object and a derived union.' },
        { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'No namespaces.' },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*'], message: 'domain/ is pure: no node:* imports.' }] },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.test.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: layers }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // it.each tagged-template tables are typed `any` by Vitest.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
