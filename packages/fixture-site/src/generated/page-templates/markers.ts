// Owns the markers a page template carries where the generated story goes in.
export const TEMPLATE_MARKERS = {
  /** Start of <head>: title, description, canonical link, OpenGraph and article meta, JSON-LD. */
  head: '<!--newsq:head-->',
  /** Inside the page's headline element. */
  headline: '<!--newsq:headline-->',
  /** Inside the element that held the original story's body. */
  body: '<!--newsq:body-->',
  /** Before </body>: the extra weight that brings a page to its target size. */
  filler: '<!--newsq:filler-->',
} as const;
