// Owns escaping JSON embedded in a <script> element (text and attributes are escaped with @newsq/web-text).

/** JSON that cannot close its <script> element early or open an HTML comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}
