/**
 * Image checks before anything is written (so `npm run check` reports them with the
 * content errors), and the image model of every published article.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import { factsOfBody } from "../content/body-facts.ts";
import { locateInFile } from "../content/front-matter.ts";
import { locateField } from "../content/yaml-positions.ts";
import { formatDay } from "../dates.ts";
import type { Problem } from "../errors/problem.ts";
import { AUTHORS_DIR } from "../model/load.ts";
import { type EditionModel, editionOf, type SiteModel } from "../model/site.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import { isWebAddress } from "../schema/fields.ts";
import { isRelativeImagePath } from "./body-refs.ts";
import { createInspector, type SourceImage } from "./inspect.ts";
import { type ArticleImages, type ImageFile, type ImageJob, ImagePlan, type Picture } from "./plan.ts";
import { mapLimit } from "./pool.ts";
import { CROP_MAX_WIDTH, CROPS, cropRegion } from "./recipe.ts";
import { type RemoteImage, remoteImageProblem } from "./remote.ts";
import { editionCard as editionCardOf, socialCard } from "./social-card.ts";

export interface PreparedImages {
  /** Keyed by article URL, published articles only. */
  images: Map<string, ArticleImages>;
  jobs: ImageJob[];
  problems: Problem[];
}

interface Ref {
  article: Article;
  src: string;
  alt: string;
  /** Body images know their line; the lead's is looked up only when there is a problem. */
  line?: number;
  field: "image.src" | "body";
  source?: SourceImage;
  /** An image left on a listed host (remoteImages.hosts): checked by its address only. */
  remote?: boolean;
}

/**
 * `plan: false` (`npm run check`) validates every image but plans no output files.
 * `only`: plans these articles alone, of those `site` shows (the preview's update, when
 * every other article's images are as they were); `articles` are then the ones to check.
 */
export async function prepareImages(
  root: string,
  articles: readonly Article[],
  site: SiteModel,
  cacheDir: string,
  { plan = true, only }: { plan?: boolean; only?: readonly Article[] } = {},
): Promise<PreparedImages> {
  const inspect = createInspector(root, cacheDir);
  const refs: Ref[] = [];
  for (const article of articles) {
    if (article.image) refs.push({ article, src: article.image.src, alt: article.image.alt, field: "image.src" });
    // Kept with the parsed article (src/content/body-facts.ts): an unchanged article's body is not read.
    for (const r of factsOfBody(article).images) refs.push({ article, ...r, field: "body" });
  }
  const problems: Problem[] = [];
  const report = async (ref: Ref, message: string, severity: Problem["severity"] = "error", field: "src" | "width" | "height" = "src") =>
    problems.push({
      file: ref.article.file,
      line: ref.line ?? (await locateInFile(root, ref.article.file, ["image", field])),
      field: ref.field === "body" ? "body" : `image.${field}`,
      message,
      severity,
    });
  const authorPhotos = only ? new Map<Author, SourceImage>() : await checkAuthorPhotos(root, site, inspect, problems);
  const hosts = site.config.remoteImages.hosts;
  await mapLimit(refs, 16, async (ref) => {
    const remote = isWebAddress(ref.src);
    const size = ref.field === "image.src" ? leadSizeProblem(ref.article, remote) : undefined;
    if (remote) {
      const problem = remoteImageProblem(ref.src, hosts);
      if (problem) return report(ref, problem);
      if (ref.field === "body" && !ref.alt) return report(ref, `expected alt text describing the image, received ![](${ref.src}) with none`);
      if (size) return report(ref, size.message, "error", size.field);
      ref.remote = true;
      return;
    }
    if (size) await report(ref, size.message, "error", size.field);
    if (ref.field === "body" && !isRelativeImagePath(ref.src)) {
      return report(ref, `expected an image path relative to the article such as "./photo.jpg", received "${ref.src}"`);
    }
    if (ref.field === "body" && !ref.alt) return report(ref, `expected alt text describing the image, received ![](${ref.src}) with none`);
    const result = await inspect(path.resolve(root, path.dirname(ref.article.file), ref.src));
    if (!result.ok) return report(ref, result.message(ref.src));
    ref.source = result.image;
    if (result.image.width < CROP_MAX_WIDTH) {
      await report(
        ref,
        `"${ref.src}" is ${result.image.width} px wide; photos under ${CROP_MAX_WIDTH} px look soft on large screens and in link previews`,
        "warning",
      );
    } else if (ref.field === "image.src") {
      // A wide strip is wide enough, but its link-preview crop is only as tall as the strip (under half the width: a sliver).
      const { width, height } = cropRegion(result.image, CROPS.social);
      if (width < CROP_MAX_WIDTH / 2) {
        await report(
          ref,
          `"${ref.src}" is ${result.image.width}×${result.image.height} px; its ${CROPS.social.join("×")} crop for link previews is only ${width}×${height} px and will look soft`,
          "warning",
        );
      }
    }
  });
  const shown = only ? site.articles.filter((a) => only.includes(a)) : site.articles;
  return plan ? { ...planArticles(site, shown, refs, authorPhotos), problems } : { images: new Map(), jobs: [], problems };
}

/** `image.width` and `image.height`: both or neither, and only for a remote lead photo (a local one is measured). */
function leadSizeProblem(article: Article, remote: boolean): { field: "width" | "height"; message: string } | undefined {
  const { width, height } = article.image ?? {};
  if (remote && (width === undefined) !== (height === undefined)) {
    const [field, missing] = width === undefined ? (["height", "width"] as const) : (["width", "height"] as const);
    return {
      field,
      message: `expected image.width and image.height together (the page reserves the photo's place from both), received ${field} without ${missing}`,
    };
  }
  if (!remote && (width !== undefined || height !== undefined)) {
    const field = width !== undefined ? "width" : "height";
    return {
      field,
      message: `expected ${field} only with a remote image.src (a photo next to the article is measured from its file), received ${field}: ${width ?? height}`,
    };
  }
  return undefined;
}

/** Author pages show the photo 8rem wide (assets/site.css): 480 px covers 3× screens. */
const AUTHOR_PHOTO_WIDTH = 480;

/**
 * Every author's `photo` (relative to content/authors/, inside the repository, a readable
 * image), checked like an article's; returns the good ones.
 */
async function checkAuthorPhotos(
  root: string,
  site: SiteModel,
  inspect: ReturnType<typeof createInspector>,
  problems: Problem[],
): Promise<Map<Author, SourceImage>> {
  const found = new Map<Author, SourceImage>();
  const withPhoto = [...site.authors.values()].filter((a) => a.photo !== undefined);
  await mapLimit(withPhoto, 16, async (author) => {
    const src = author.photo as string;
    const report = async (message: string, severity: Problem["severity"] = "error") => {
      const text = await readFile(path.join(root, author.file), "utf8").catch(() => "");
      const line = locateField(text.replace(/^\uFEFF/, ""), ["photo"]);
      problems.push({ file: author.file, line: line ?? 1, field: "photo", message, severity });
    };
    if (!isRelativeImagePath(src)) {
      return report(`expected an image path relative to ${AUTHORS_DIR}/ such as "./${author.id}.jpg", received "${src}"`);
    }
    const result = await inspect(path.resolve(root, AUTHORS_DIR, src));
    if (!result.ok) return report(result.message(src));
    found.set(author, result.image);
  });
  return found;
}

/** The body images of an article that has none: one empty map for all of them (nothing writes into a plan's maps). */
const NO_BODY_IMAGES: ReadonlyMap<string, Picture | RemoteImage> = new Map();

/** Builds the model for published articles (drafts were checked above but get no files). */
function planArticles(
  site: SiteModel,
  shown: readonly Article[],
  refs: readonly Ref[],
  authorPhotos: ReadonlyMap<Author, SourceImage>,
): Omit<PreparedImages, "problems"> {
  const plan = new ImagePlan();
  // The photo of each author with a published article, for their pages (layouts/author.ts).
  if (authorPhotos.size) {
    const published = new Set<string>();
    for (const a of site.articles) for (const id of a.authors) published.add(id);
    for (const [author, source] of authorPhotos) {
      if (published.has(author.id)) author.picture = plan.picture(source, `${author.file} (photo "${author.photo}")`, AUTHOR_PHOTO_WIDTH);
    }
  }
  const byArticle = new Map<string, Ref[]>();
  for (const ref of refs) {
    const own = byArticle.get(ref.article.url);
    if (own) own.push(ref);
    else byArticle.set(ref.article.url, [ref]);
  }
  const images = new Map<string, ArticleImages>();
  // Own cards for the last `socialCardDays` days of each edition (its newest article first in `articles`).
  const since = new Map<EditionModel, DateTime>();
  const editionCards = new Map<string, ImageFile>();
  // An article older than the cards' days, with no image of its own (most of an archive): one frozen entry per edition for them all.
  const plainOld = new Map<string, ArticleImages>();
  const editionCard = (config: EditionModel["config"]): ImageFile => {
    let card = editionCards.get(config.id);
    if (!card) {
      card = plan.card(editionCardOf(config.name), `social card of the ${config.id} edition`);
      editionCards.set(config.id, card);
    }
    return card;
  };
  const cardsSince = (edition: EditionModel): DateTime => {
    let day = since.get(edition);
    if (!day) {
      // The article asking is in the edition, so the edition has a newest article.
      day = (edition.articles[0] as Article).date.minus({ days: site.config.socialCardDays });
      since.set(edition, day);
    }
    return day;
  };
  for (const article of shown) {
    const own = byArticle.get(article.url);
    if (!own && article.date < cardsSince(editionOf(site, article))) {
      const { config } = editionOf(site, article);
      let entry = plainOld.get(config.id);
      if (!entry) {
        entry = Object.freeze({ social: Object.freeze({ ...editionCard(config), alt: config.name, generated: true }), body: NO_BODY_IMAGES });
        plainOld.set(config.id, entry);
      }
      images.set(article.url, entry);
      continue;
    }
    const body = new Map<string, Picture | RemoteImage>();
    for (const r of own ?? []) {
      if (r.field !== "body") continue;
      if (r.remote) body.set(r.src, { url: r.src });
      else if (r.source) body.set(r.src, plan.picture(r.source, `${article.file} (body image "${r.src}")`));
    }
    const leadRef = own?.find((r) => r.field === "image.src");
    const lead = leadRef?.source;
    // A lead photo on another host is shown as it is; link previews get the generated card, as without a photo.
    const { src, width, height } = article.image ?? {};
    const remoteLead: { remoteLead?: RemoteImage } =
      leadRef?.remote && src ? { remoteLead: { url: src, ...(width && height ? { width, height } : {}) } } : {};
    const focus = article.image?.focus;
    if (lead && article.image) {
      // What an encoding error names: the article and the path as written, not the absolute path.
      const label = `${article.file} (image.src "${article.image.src}")`;
      const crop = (name: "16x9" | "4x3" | "1x1") => plan.crop(lead, label, name, focus);
      images.set(article.url, {
        lead: { picture: plan.picture(lead, label), crops: { "16x9": crop("16x9"), "4x3": crop("4x3"), "1x1": crop("1x1") } },
        social: { ...plan.crop(lead, label, "social", focus), alt: article.image.alt, generated: false },
        body,
      });
    } else if (article.date >= cardsSince(editionOf(site, article))) {
      const { config } = editionOf(site, article);
      const layers = socialCard({ siteName: config.name, headline: article.title, date: formatDay(article.date, config.locale) });
      const card = plan.card(layers, `social card for ${article.url}`);
      images.set(article.url, { social: { ...card, alt: article.title, generated: true }, body, ...remoteLead });
    } else {
      const { config } = editionOf(site, article);
      images.set(article.url, { social: { ...editionCard(config), alt: config.name, generated: true }, body, ...remoteLead });
    }
  }
  return { images, jobs: [...plan.jobs.values()] };
}
