import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test/fixtures/**', 'models/**/*.onnx', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Product code: page text is only ever text, and nothing polls.
    files: ['src/**', 'entrypoints/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'Page text is never HTML: use textContent.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'Page text is never HTML.' },
        { selector: 'CallExpression[callee.name="setInterval"]', message: 'No polling loops: use the shared observer or events.' },
      ],
    },
  },
  {
    files: ['scripts/**', 'test/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
