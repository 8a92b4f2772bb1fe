// ESLint (flat config): typescript-eslint's recommended rules, and the folder boundaries of
// docs/architecture.md — another folder of src/ is imported through its index.ts, never its files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'src/engine/assembly/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A caught error is re-thrown with the file, option or value named and the original reason in
      // the message (what a learner reads); the chain itself is not kept.
      'preserve-caught-error': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/*', '!../*/index', '../../*/*', '!../../*/index'],
              message: 'Import another folder of src/ through its index.ts (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // require() on purpose: commands and optional backends load on demand (rnnlab info never loads
    // tfjs), the plotly bundle is read only when a figure is shown; tests load scripts/*.js.
    files: ['src/cli/main.ts', 'src/tfjs/backend.ts', 'src/plot/*.ts', 'src/engine/wasm.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
