// Lint (part of `npm test`): typescript-eslint's recommended rules, a line-length limit, and the
// house rule that only src/output/ writes to stdout (stdout carries data only; src/output/stdout.ts).
import stylistic from '@stylistic/eslint-plugin'
import tseslint from 'typescript-eslint'

const STDOUT_WRITE = [
  { selector: "CallExpression[callee.object.object.name='process'][callee.object.property.name='stdout'][callee.property.name=/^(write|end)$/]", message: 'only src/output/ writes to stdout (writeOut in src/output/stdout.ts)' },
  { selector: "CallExpression[callee.object.name='console']", message: 'no console: stdout through src/output/stdout.ts, stderr through src/output/log.ts' },
]

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.dist-*/**', 'completions/**', 'man/**', 'scripts/**', 'bin/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 200, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      // `let x` read by a callback before its one assignment (sub/rr's lifecycle) stays a let
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], ignores: ['src/output/**'], rules: { 'no-restricted-syntax': ['error', ...STDOUT_WRITE] } },
)
