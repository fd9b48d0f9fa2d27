// Unit: the escaping that keeps strings from Graph or files from steering a terminal.
import { describe, expect, test } from '@jest/globals';
import { inline, printable, quoted, terminalSafe } from '../../src/ui/terminal-text.js';

describe('terminal text', () => {
  test('printable: control characters as \\u escapes; line breaks and tabs stay', () => {
    expect(printable('a\u001b]0;t\u0007b\rc\n\td\u009be\u007f')).toBe('a\\u001b]0;t\\u0007b\\u000dc\n\td\\u009be\\u007f');
  });

  test('inline: line breaks and tabs escaped too', () => {
    expect(inline('a\nb\tc\r')).toBe('a\\u000ab\\u0009c\\u000d');
    expect(quoted('North\n✓ fake')).toBe('"North\\u000a✓ fake"');
  });

  test('terminalSafe: colour sequences kept only when colour is on; every other sequence escaped', () => {
    const text = '\u001b[32m✓\u001b[39m done \u001b]8;;https://x\u0007link\u001b[2J\r\n';
    expect(terminalSafe(text, true)).toBe('\u001b[32m✓\u001b[39m done \\u001b]8;;https://x\\u0007link\\u001b[2J\\u000d\n');
    expect(terminalSafe(text, false)).toBe('\\u001b[32m✓\\u001b[39m done \\u001b]8;;https://x\\u0007link\\u001b[2J\\u000d\n');
  });

  test('plain text is unchanged', () => {
    const text = 'Updated the user provisioning flow dbd36d16 (HTTP 204)\n  tenant: contoso.edu\täé✓';
    expect(terminalSafe(text, true)).toBe(text);
    expect(printable(text)).toBe(text);
  });
});
