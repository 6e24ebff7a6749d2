/** The site configuration schema (`content/site.config.ts`); `SiteConfig` is inferred from it. */
import { z } from "zod";
import { SLUG_PATTERN } from "../slug.ts";

const Edition = z.strictObject({
  /** Folder under content/articles/ and the edition's id: `uk`, `eng`, `rus`. */
  id: z.string().regex(SLUG_PATTERN),
  /** ISO 639-1 language of the edition (`uk`, `en`, `ru`; never `ua`). */
  lang: z
    .string()
    .regex(/^[a-z]{2}$/)
    .refine((v) => v !== "ua", { message: 'the ISO 639 code for Ukrainian is "uk", not "ua"' }),
  /** Luxon/Intl locale for dates and UI strings: `uk`, `en-GB`, `ru`. */
  locale: z.string(),
  /** URL prefix: `/` for the default edition, `/eng/` for the English one. */
  prefix: z.string().regex(/^\/(?:[a-z0-9-]+\/)?$/),
  /** The publication's name exactly as registered with news aggregators. */
  name: z.string().min(1),
  /** IANA zone of the edition's newsroom; defaults to the site's. */
  timeZone: z.string().optional(),
});

/** A host name as an image address has it (`s3.amazonaws.com`): no scheme, port, path or wildcard. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/;

const RemoteImages = z.strictObject({
  /**
   * Hosts whose images articles may show as they are, without downloading them (`![alt](https://host/…)`
   * in a body, or `image.src`): each is added to the Content-Security-Policy's `img-src`.
   */
  hosts: z
    .array(
      z.string().regex(HOST_NAME, {
        error: (iss) =>
          `expected a lowercase host name such as "s3.amazonaws.com" (no https://, port or path), received ${JSON.stringify(iss.input)}`,
      }),
    )
    .default([]),
});

/**
 * The web CMS at /admin/ (src/cms/): built into the site only when enabled; `npm start` always
 * serves it with a local backend. `backend` is the git host the published CMS commits to,
 * through its editorial workflow (a pull request per article).
 */
const Cms = z.strictObject({
  enabled: z.boolean().default(false),
  backend: z
    .strictObject({
      name: z.enum(["github", "gitlab", "gitea"]),
      /** `owner/repository`. */
      repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { message: 'expected "owner/repository"' }),
      branch: z.string().min(1).default("main"),
      /** The OAuth server for the login (Decap's `base_url`), e.g. `https://auth.example.org`. */
      baseUrl: z.url({ protocol: /^https$/ }).optional(),
    })
    .optional(),
});

const Section = z.strictObject({ id: z.string().regex(SLUG_PATTERN), title: z.record(z.string(), z.string()) });

export const SiteConfigSchema = z.strictObject({
  /** Absolute base URL, may include a sub-path: `https://example.org/news-site/`. */
  baseUrl: z.url({ protocol: /^https?$/ }).refine((v) => v.endsWith("/"), { message: "must end with /" }),
  timeZone: z.string().default("Europe/Kyiv"),
  /** Editions in order; the first is the default. */
  editions: z.array(Edition).min(1),
  sections: z.array(Section).min(1),
  defaultSection: z.string(),
  /** Items per list page (news feed, tag, author pages). */
  pageSize: z.number().int().positive().default(20),
  /**
   * Pages of the news feed and of each section front, the list's own page included: its newest
   * pages, numbered from the oldest (src/model/pagination.ts). Older articles are reached through
   * the archive by year, month and day (and tags, authors, search), which the oldest page kept
   * links to; a deep page 900 of a feed serves no reader.
   */
  maxListPages: z.number().int().positive().default(50),
  /** Entries per feed. */
  feedSize: z.number().int().positive().default(50),
  /** URLs per sitemap part: a month with more goes on in numbered parts (sitemaps.org allows 50,000 a file). */
  sitemapSize: z.number().int().positive().max(50_000).default(50_000),
  /** Articles per Google News sitemap file before it becomes an index of parts (Google allows 1,000). */
  newsSitemapSize: z.number().int().positive().max(1_000).default(1_000),
  /**
   * An article without a photo gets its own generated social card (headline and date) when it
   * was published within this many days of its edition's newest article; older ones share the
   * edition's card. Drawing a card costs ~13 ms of CPU, so a cold build of a big archive draws
   * a month of them, not twenty years. 0: every article shares the edition's card.
   */
  socialCardDays: z.number().int().min(0).default(30),
  /** Images left on other sites (README, "Remote images"); none by default. */
  remoteImages: RemoteImages.default({ hosts: [] }),
  cms: Cms.default({ enabled: false }).refine((c) => !c.enabled || c.backend, {
    message: 'expected a backend when the CMS is enabled, such as backend: { name: "github", repo: "owner/site", branch: "main" }',
  }),
});

export type SiteConfigInput = z.input<typeof SiteConfigSchema>;
export type SiteConfig = z.output<typeof SiteConfigSchema>;
export type EditionConfig = SiteConfig["editions"][number];

/** Typed helper for `content/site.config.ts`. */
export function defineSite(config: SiteConfigInput): SiteConfigInput {
  return config;
}
