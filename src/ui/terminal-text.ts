// Text from Graph, a file or the environment, made safe for a terminal. An ESC starts sequences
// that retitle the window, clear the screen, draw hyperlinks or move the cursor; a carriage return
// or a backspace overwrites what was printed (a fake "✓ Updated" line). Such characters are shown
// as \u escapes instead. JSON output needs none of this: JSON.stringify escapes them itself.

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_OR_BREAK = /[\u0000-\u001f\u007f-\u009f]/g;
/** A colour (SGR) sequence, e.g. ESC[31m: the only terminal sequence edu-flow writes itself. */
const COLOUR_OR_CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const asEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Control characters escaped; line breaks and tabs stay (a message of several lines). */
export function printable(text: string): string {
  return text.replace(CONTROL, asEscape);
}

/** A value shown on one line (a table cell, a name, an id): line breaks and tabs escaped as well. */
export function inline(text: string): string {
  return text.replace(CONTROL_OR_BREAK, asEscape);
}

/**
 * The last line of defence, on everything the reporter writes as text: every control character
 * escaped but line breaks and tabs, and, when colour is on, the colour sequences edu-flow adds.
 */
export function terminalSafe(text: string, keepColour: boolean): string {
  return text.replace(COLOUR_OR_CONTROL, (match) => (match.length > 1 ? (keepColour ? match : `${asEscape(match[0])}${match.slice(1)}`) : asEscape(match)));
}

/** A name from Graph or a file, in quotes, on one line: `"North district"`. */
export const quoted = (name: string): string => `"${inline(name)}"`;
