// Eleventy 3 ships no type declarations; this covers the programmatic API we call.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(input?: string, output?: string, options?: { configPath?: string | false; quietMode?: boolean; config?: (config: never) => void });
    write(): Promise<unknown>;
    toJSON(): Promise<Array<{ url: string; inputPath: string; outputPath: string; content: string }>>;
  }
}

declare module "@11ty/eleventy-dev-server" {
  interface Logger {
    log(message: string): void;
    info(message: string): void;
    error(message: string): void;
  }
  export default class EleventyDevServer {
    static getServer(
      name: string,
      dir: string,
      options?: {
        liveReload?: boolean;
        /** Connect-style middleware run before the static files: (req, res, next). */
        middleware?: ((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse, next: () => void) => void)[];
        domDiff?: boolean;
        showVersion?: boolean;
        pathPrefix?: string;
        messageOnStart?: () => string | false;
        logger?: Logger;
      },
    ): EleventyDevServer;
    serve(port: number): void;
    ready(): Promise<void>;
    getServerUrl(host: string, pathname?: string): string;
    reloadFiles(files: string[], useDomDiffingForHtml?: boolean): void;
    close(): Promise<void>;
  }
}
