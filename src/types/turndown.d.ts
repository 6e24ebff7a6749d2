// turndown 7 and turndown-plugin-gfm 1 ship no declarations (DefinitelyTyped's need the DOM lib,
// which this Node project does not load): the part of their API the importers call.
declare module "turndown" {
  namespace TurndownService {
    /** A node of turndown's own DOM (domino in Node). */
    interface Node {
      nodeName: string;
      nodeType: number;
      textContent: string | null;
      parentNode: Node | null;
      childNodes: ArrayLike<Node>;
      getAttribute(name: string): string | null;
      querySelector(selector: string): Node | null;
    }
    type Filter = string | string[] | ((node: Node, options: Options) => boolean);
    type Replacement = (content: string, node: Node, options: Options) => string;
    interface Rule {
      filter: Filter;
      replacement: Replacement;
    }
    interface Options {
      headingStyle?: "setext" | "atx";
      hr?: string;
      bulletListMarker?: "-" | "+" | "*";
      codeBlockStyle?: "indented" | "fenced";
      emDelimiter?: "_" | "*";
      strongDelimiter?: "__" | "**";
      linkStyle?: "inlined" | "referenced";
    }
    type Plugin = (service: TurndownService) => void;
  }
  class TurndownService {
    constructor(options?: TurndownService.Options);
    addRule(key: string, rule: TurndownService.Rule): this;
    remove(filter: TurndownService.Filter): this;
    use(plugins: TurndownService.Plugin | TurndownService.Plugin[]): this;
    escape(text: string): string;
    turndown(html: string): string;
  }
  export default TurndownService;
}

declare module "turndown-plugin-gfm" {
  type Plugin = (service: import("turndown").default) => void;
  export const gfm: Plugin;
  export const tables: Plugin;
  export const strikethrough: Plugin;
  export const taskListItems: Plugin;
}
