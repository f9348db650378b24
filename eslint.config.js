import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'node_modules/', 'drizzle/meta/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Rules are pure (see README): the domain never reads the clock.
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain takes the clock as a parameter.',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'The domain takes the clock as a parameter.',
        },
      ],
      'no-restricted-imports': [
        'error',
        { patterns: ['../db/*', '../services/*', '../cli/*', 'postgres', 'drizzle-orm*'] },
      ],
    },
  },
  {
    // Listeners parse, call a service and render: queries live in src/services.
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/db/*', 'postgres', 'drizzle-orm*'],
              allowTypeImports: true,
              message: 'Queries live in src/services.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/*.js'],
    languageOptions: { globals: { process: 'readonly' } },
  },
);
