/** An area's messages: Chinese is the source; English must have exactly the same keys. */
export function defineMessages<const Z extends Record<string, string>>(zh: Z, en: { [K in keyof Z]: string }) {
  return { zh, en };
}
