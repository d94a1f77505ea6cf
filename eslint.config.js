// One lint for every process. Besides style, it enforces the process
// boundaries (what each folder may import), the Electron window settings we
// never weaken, and "no user-facing string literals" in the renderer.
import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import reactHooks from 'eslint-plugin-react-hooks';
import security from 'eslint-plugin-security';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_MODULES = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'url', 'util', 'stream', 'events', 'worker_threads', 'ws'];

const forbid = (message, names, patterns = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    },
  ],
});

const insecureWebPreferences = [
  ['nodeIntegration', true],
  ['nodeIntegrationInWorker', true],
  ['nodeIntegrationInSubFrames', true],
  ['contextIsolation', false],
  ['sandbox', false],
  ['webSecurity', false],
  ['allowRunningInsecureContent', true],
  ['experimentalFeatures', true],
  ['webviewTag', true],
].map(([key, value]) => ({
  selector: `Property[key.name='${key}'][value.value=${value}]`,
  message: `${key}: ${value} weakens a window's security; Tandem never does this.`,
}));

/** `import { z } from 'zod'` makes z a value holding every zod export, its error messages in ~40 languages among them: 360 kB more for the bridge every page parses first. */
const zodNamespace = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "Import zod as a namespace (import * as z from 'zod'): the named z keeps all of zod's locales in the bundles.",
};

const focusedTests = ['describe', 'it', 'test'].map((object) => ({
  object,
  property: 'only',
  message: 'Focused tests would silently skip the rest of the suite.',
}));

/**
 * The renderer's feature layers, lowest first. Each entry: the folders that form a layer and the
 * features it may use besides the shared ones (ui, dom, i18n, network, the store hook).
 */
const RENDERER_FEATURES = {
  softphone: [],
  social: [],
  settings: [],
  customers: ['softphone', 'social', 'settings'],
  context: ['softphone', 'social', 'customers', 'settings'],
  shortcuts: ['softphone'],
  ringing: ['softphone', 'customers', 'context', 'shortcuts', 'settings'],
  // The social queue reads posts' sentiment with the inbox's own reader (social/meaning).
  supervisor: ['social'],
};
const SHARED_FOLDERS = ['ui', 'dom', 'i18n', 'network'];
/** Components that other features may render; every other file in a components/ folder is its feature's own. */
const PUBLIC_COMPONENTS = [
  'social/components/SocialText',
  'social/components/CallPrivateMessage',
  'context/components/ContextText',
  'context/components/CallNotes',
];

function rendererZones() {
  const all = Object.keys(RENDERER_FEATURES);
  const zone = (folder, forbiddenFeatures, usable, message) => ({
    files: [`renderer/src/${folder}/**/*.{ts,tsx}`, `tests/fixtures/boundaries/renderer-zones/${folder}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...NODE_MODULES].map((name) => ({ name, message: 'The renderer talks to main only through window.tandem.' })),
          patterns: [
            {
              group: ['node:*', '**/main/**', '**/preload/**', '**/web-bridge/**'],
              message: 'The renderer talks to main only through window.tandem: no node, no electron, no main code.',
            },
            { group: ['**/data/**', '**/desk/**', ...forbiddenFeatures.map((feature) => `**/${feature}/**`)], message },
            ...usable.map((feature) => ({
              group: [`**/${feature}/components/**`, ...PUBLIC_COMPONENTS.filter((c) => c.startsWith(`${feature}/`)).map((c) => `!**/${c}`)],
              message: `Render ${feature}'s public components only (eslint.config.js PUBLIC_COMPONENTS); its other components are its own.`,
            })),
          ],
        },
      ],
    },
  });
  return [
    ...Object.entries(RENDERER_FEATURES).map(([feature, usable]) =>
      zone(
        feature,
        all.filter((other) => other !== feature && !usable.includes(other)),
        usable,
        `${feature}/ may use ${usable.length > 0 ? usable.join(', ') : 'no other feature'}, the shared folders and the store hook (docs/ARCHITECTURE.md, "Renderer features").`,
      ),
    ),
    ...SHARED_FOLDERS.map((folder) =>
      zone(
        folder,
        all.filter((feature) => feature !== folder),
        [],
        `${folder}/ is shared by every feature and uses none of them.`,
      ),
    ),
  ];
}

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'build/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'tests/fixtures/boundaries/**',
      'types/forbidden/**',
    ],
  },
  js.configs.recommended,
  security.configs.recommended,
  {
    rules: {
      // Keys come from our own tables or are schema-checked; the generic rule cannot tell them from user input.
      'security/detect-object-injection': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      'no-restricted-syntax': ['error', ...insecureWebPreferences, zodNamespace],
      'no-restricted-properties': ['error', ...focusedTests],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  // The boundary fixtures are linted only by tests/unit/boundaries.test.ts, without type information.
  {
    files: ['tests/fixtures/boundaries/**/*.{ts,tsx}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { parserOptions: { projectService: false, ecmaFeatures: { jsx: true } } },
  },
  // --- process boundaries ---------------------------------------------------
  {
    files: ['renderer/**/*.{ts,tsx}', 'tests/fixtures/boundaries/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(
      'The renderer talks to main only through window.tandem: no node, no electron, no main code.',
      ['electron', ...NODE_MODULES],
      ['node:*', '**/main/**', '**/preload/**', '**/web-bridge/**'],
    ),
  },
  {
    files: ['renderer/src/**/*.tsx', 'tests/fixtures/boundaries/renderer/**'],
    plugins: { 'react-hooks': reactHooks, i18next },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Every label goes through i18next: no literal text in JSX or in labelling attributes.
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { include: ['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label'] },
          callees: { exclude: ['t', 'i18n(ext)?', 'require', 'addEventListener', 'removeEventListener', 'useTranslation'] },
        },
      ],
    },
  },
  // --- renderer features -------------------------------------------------------
  // Features are layered: a feature uses only the shared folders and the features below it, never one above,
  // never data/ (the schema registry imports the features, not the other way round), and never the inside
  // of another feature's components/ (a component other features render is listed as public here).
  ...rendererZones(),
  {
    files: ['main/core/**/*.ts', 'main/web/**/*.ts', 'main/cli/**/*.ts', 'tests/fixtures/boundaries/core/**'],
    rules: forbid('main/core, the browser host and the command-line tools never import electron: put it behind an interface in main/electron.', ['electron']),
  },
  {
    files: ['contract/**/*.ts', 'tests/fixtures/boundaries/contract/**'],
    rules: forbid('The contract is shared by every process: no node, no electron.', ['electron', ...NODE_MODULES], ['node:*']),
  },
  {
    files: ['web-bridge/**/*.ts', 'tests/fixtures/boundaries/web-bridge/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid('The browser bridge is page script: no node, no electron.', ['electron', ...NODE_MODULES], ['node:*', '**/main/**']),
  },
  {
    files: ['preload/electron/**/*.ts'],
    rules: forbid('A sandboxed preload may only use electron and the contract.', NODE_MODULES, ['node:*', '**/main/**']),
  },
  {
    files: ['main/core/**/*.ts', 'main/electron/**/*.ts'],
    rules: {
      // Paths in these services come from the command line, the profile or the app's data folder; no contract
      // schema carries a file path, so nothing from a renderer or the network can name a file. (main/web keeps
      // the rule: it maps URLs to files.)
      'security/detect-non-literal-fs-filename': 'off',
    },
  },
  {
    files: ['tests/**/*.{ts,tsx,mjs}', 'scripts/**'],
    rules: {
      // Tests and tooling spawn peers and read fixtures from paths they build themselves.
      'security/detect-non-literal-fs-filename': 'off',
      'security/detect-child-process': 'off',
    },
  },
);
